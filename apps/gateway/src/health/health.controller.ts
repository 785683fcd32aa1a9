import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

@ApiTags('health')
@Controller('v1/health')
export class HealthController {
  constructor(private readonly health: HealthCheckService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: each dependency the gateway needs to answer requests' })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}
