// The audit identity of a request is the gateway's own id: a caller that reuses an X-Request-Id
// gets every request answered and audited, its id kept as a searchable correlation id.
import { AuditChainVerifier } from '@app/audit';
import request from 'supertest';
import { type GatewayHarness, startGateway } from '../../support/gateway-harness';

describe('audit identity (e2e)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGateway('audit_identity');
  });

  afterAll(async () => {
    await harness.close();
  });

  it('audits three requests that reuse one inbound X-Request-Id as three rows, and the chain verifies', async () => {
    // A valid UUID, as a client's retry library would resend it: the old gateway took it as the
    // request id, answered all three and kept one row.
    const inbound = '0190e5c6-36b4-7a61-9a33-3b1c0c6d9f10';
    const answers = [];
    for (let index = 0; index < 3; index += 1) {
      answers.push(
        await request(harness.url)
          .post('/v1/chat')
          .set('X-Request-Id', inbound)
          .send({ messages: [{ role: 'user', content: `hello ${index}` }] })
          .expect(200),
      );
    }
    const ids = answers.map((answer) => answer.body.request_id as string);
    expect(new Set(ids).size).toBe(3);
    expect(answers.map((answer) => answer.headers['x-correlation-id'])).toEqual([inbound, inbound, inbound]);

    const rows = await harness.auditRows('correlation_id = $1', [inbound]);
    expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());

    const listed = await request(harness.url).get('/v1/audit').query({ correlation_id: inbound }).expect(200);
    expect(listed.body.items.map((item: { request_id: string }) => item.request_id).sort()).toEqual(
      [...ids].sort(),
    );
    expect(listed.body.items[0]).toMatchObject({ correlation_id: inbound, status: 'success' });

    expect(await harness.app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true, rows: 3 });
  });

  it('audits a refused request with its correlation id too', async () => {
    const inbound = 'order-4711:retry';
    const refused = await request(harness.url)
      .post('/v1/chat')
      .set('X-Request-Id', inbound)
      .send({ messages: [] })
      .expect(400);
    const rows = await harness.auditRows('request_id = $1', [refused.headers['x-request-id']]);
    expect(rows).toMatchObject([{ status: 'rejected', correlation_id: inbound }]);
  });

  it('refuses a correlation id filter that is not a short plain value', async () => {
    const response = await request(harness.url).get('/v1/audit').query({ correlation_id: 'a b' }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});
