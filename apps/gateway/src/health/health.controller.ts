import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { OllamaHealthIndicator, OpenAiHealthIndicator } from '@app/providers';
import { AuditHealthIndicators } from './audit-health.indicators';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly audit: AuditHealthIndicators,
    private readonly local: OllamaHealthIndicator,
    private readonly cloud: OpenAiHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: audit (the database or the spool) and the local provider',
    description:
      'Ready while every answer can be audited: the database answers, or the spool can take it ' +
      '(database.reachable false, audit_spool.state degraded while events wait). ' +
      'The cloud provider is reported (state up, down or not_configured) but never makes the gateway unready.',
  })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.audit.check(),
      () => this.local.isHealthy('local_provider'),
      () => this.cloud.isHealthy('cloud_provider'),
    ]);
  }
}
