// The small things a first hour runs into, over HTTP: a cloud key the policy never uses is named on
// /v1/routes, audit windows take the CLI's durations, a query error says "query", and a failed
// answer's served_by agrees with its audit row.
import request from 'supertest';
import { CLOUD_DEFAULT_POLICY, type GatewayHarness, startGateway } from '../../support/gateway-harness';

jest.setTimeout(60_000);

describe('first-hour API details (e2e)', () => {
  let builtin: GatewayHarness;
  let cloudDefault: GatewayHarness;

  beforeAll(async () => {
    // The harness always configures OPENAI_API_KEY; without a POLICY_FILE the built-in policy applies.
    [builtin, cloudDefault] = await Promise.all([
      startGateway('first_hour_builtin'),
      startGateway('first_hour_cloud', { policy: CLOUD_DEFAULT_POLICY }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([builtin?.close(), cloudDefault?.close()]);
  });

  it('says on /v1/routes that a configured cloud key is never used, naming the setting', async () => {
    const body = (await request(builtin.url).get('/v1/routes').expect(200)).body as {
      notices: { code: string; setting: string; message: string }[];
    };
    expect(body.notices).toEqual([
      expect.objectContaining({ code: 'CLOUD_KEY_UNUSED', setting: 'cost.default_provider' }),
    ]);
    expect(body.notices[0]!.message).toMatch(/"cost\.default_provider": "cloud"/);
    const cloud = (await request(cloudDefault.url).get('/v1/routes').expect(200)).body as {
      notices: unknown[];
    };
    expect(cloud.notices).toEqual([]);
  });

  it('accepts since=1h on /v1/audit/stats and /v1/audit, as the CLI does', async () => {
    await request(builtin.url)
      .post('/v1/chat')
      .send({ messages: [{ role: 'user', content: 'hi' }] })
      .expect(200);
    const stats = (await request(builtin.url).get('/v1/audit/stats?since=1h').expect(200)).body as {
      total: number;
    };
    expect(stats.total).toBe(1);
    const page = (await request(builtin.url).get('/v1/audit?since=30m&until=2099-01-01').expect(200))
      .body as {
      items: unknown[];
    };
    expect(page.items).toHaveLength(1);
  });

  it('refuses a bad query parameter as a query error, not a body error', async () => {
    const body = (await request(builtin.url).get('/v1/audit/stats?since=yesterday').expect(400)).body as {
      code: string;
      message: string;
      violations?: { field: string }[];
    };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toBe('query parameters are invalid');
    expect(JSON.stringify(body)).not.toMatch(/request body/);
    expect(JSON.stringify(body)).toContain('since');
  });

  it('answers a failed request with served_by null, as its audit row and log line have it', async () => {
    builtin.ollama.setFault({ kind: 'status', status: 500 });
    const body = (
      await request(builtin.url)
        .post('/v1/chat')
        .send({ messages: [{ role: 'user', content: 'hello when local is down' }] })
        .expect(502)
    ).body as { request_id: string; served_by: unknown; provider: string };
    builtin.ollama.setFault(null);
    expect(body.provider).toBe('local');
    expect(body.served_by).toBeNull();
    const [row] = await builtin.auditRows('request_id = $1', [body.request_id]);
    expect(row?.served_by).toBeNull();
  });
});
