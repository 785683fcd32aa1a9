import type { ReadinessReport, ReadinessStatus } from '@app/chat';
import request from 'supertest';
import { httpTestbed, type HttpTestbed } from '../../test/http-testbed';
import { HealthController } from './health.controller';

const report = (status: ReadinessStatus): ReadinessReport => ({
  status,
  checks: {
    database: {
      status: status === 'ready' ? 'up' : 'down',
      embedded: true,
      pending_migrations: [],
      detail: null,
    },
    audit_spool: {
      status: status === 'not_ready' ? 'down' : 'up',
      spooled_events: 0,
      queue_depth: 0,
      detail: null,
    },
    local_provider: { status: 'down', upstream: 'ollama', detail: 'unreachable' },
    cloud_provider: { status: 'not_configured', upstream: 'openai', detail: 'OPENAI_API_KEY is unset' },
  },
});

describe(HealthController.name, () => {
  let bed: HttpTestbed;

  beforeEach(async () => {
    bed = await httpTestbed([HealthController]);
  });

  afterEach(() => bed.close());

  it.each([
    ['ready', 200],
    ['degraded', 200],
    ['not_ready', 503],
  ] as const)('answers %s with %i and the report as the body', async (status, code) => {
    bed.readiness.report.mockResolvedValue(report(status));
    const response = await request(bed.app.getHttpServer()).get('/v1/health/ready').expect(code);
    expect(response.body).toEqual(report(status));
    // A probe must not wait on a slow upstream for long.
    expect(bed.readiness.report).toHaveBeenCalledWith({ providerWaitMs: expect.any(Number) });
  });
});
