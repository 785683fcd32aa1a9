import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator, SpoolHealthIndicator } from '@app/audit';
import { OllamaHealthIndicator, OpenAiHealthIndicator } from '@app/providers';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly spool: SpoolHealthIndicator,
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
    summary: 'Readiness: the database, the audit spool and the local provider',
    description:
      'The cloud provider is reported (state up, down or not_configured) but never makes the gateway unready.',
  })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.isHealthy('database'),
      () => this.spool.isHealthy('audit_spool'),
      () => this.local.isHealthy('local_provider'),
      () => this.cloud.isHealthy('cloud_provider'),
    ]);
  }
}
