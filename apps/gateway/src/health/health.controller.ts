import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ReadinessService, type ReadinessReport } from '@app/chat';
import type { Response } from 'express';
import { OpenRoute } from '../auth/route-access.decorator';

// An orchestrator's readiness probe gives up after a second by default: a slow upstream's health
// answer must not make the probe itself fail. The previous state is reported meanwhile.
const PROVIDER_WAIT_MS = 500;

const READY_EXAMPLE: ReadinessReport = {
  status: 'ready',
  checks: {
    database: { status: 'up', embedded: false, pending_migrations: [], detail: null },
    audit_spool: { status: 'up', spooled_events: 0, queue_depth: 0, detail: null },
    local_provider: {
      status: 'down',
      upstream: 'ollama',
      detail: 'local provider unreachable at http://127.0.0.1:11434',
    },
    cloud_provider: { status: 'up', upstream: 'openai', detail: null },
  },
};

@ApiTags('health')
@OpenRoute()
@Controller('v1/health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: this replica can serve and audit (the database, or the spool while it is away)',
    description:
      'status is ready, degraded (answers still durable, on one leg: 200) or not_ready (neither the database nor the spool can take an audit row: 503). ' +
      'The providers are reported (up, down, not_configured, unknown) but never make the gateway unready.',
  })
  @ApiOkResponse({ description: 'ready or degraded', schema: { example: READY_EXAMPLE } })
  @ApiServiceUnavailableResponse({ description: 'not_ready: every answer would fail closed' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.readiness.report({ providerWaitMs: PROVIDER_WAIT_MS });
    res.status(report.status === 'not_ready' ? 503 : 200);
    return report;
  }
}
