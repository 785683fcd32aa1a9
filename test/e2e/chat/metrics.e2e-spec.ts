// /v1/metrics: valid Prometheus exposition (promtool agrees) and counters that move by exactly one.
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';

function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('GET /v1/metrics (e2e)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGateway('metrics', { policy: CLOUD_DEFAULT_POLICY });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('is accepted by promtool check metrics', async () => {
    await request(harness.url)
      .post('/v1/chat')
      .send({ messages: [{ role: 'user', content: 'hi' }] })
      .expect(200);
    const text = (await request(harness.url).get('/v1/metrics').expect(200)).text;
    // The whole exposition parses; the only lint remarks are about Node's default metric names.
    const whole = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(whole.error).toBeUndefined();
    const remarks = `${whole.stdout}${whole.stderr}`.split('\n').filter((line) => line.trim() !== '');
    expect(remarks.filter((line) => !/^(nodejs_|process_)/.test(line))).toEqual([]);
    // Our own families pass without a single remark.
    const ours =
      text
        .split('\n')
        .filter((line) => line.includes('policy_mesh_'))
        .join('\n') + '\n';
    const own = spawnSync('promtool', ['check', 'metrics'], { input: ours, encoding: 'utf8' });
    expect(`${own.stdout}${own.stderr}`.trim()).toBe('');
    expect(own.status).toBe(0);
    expect(ours).toContain('policy_mesh_gateway_overhead_seconds_bucket');
  });

  it('moves the request, decision and audit counters by exactly one per request', async () => {
    const before = (await request(harness.url).get('/v1/metrics')).text;
    await request(harness.url)
      .post('/v1/chat')
      .send({ messages: [{ role: 'user', content: LONG_PROMPT }] })
      .expect(200);
    const after = (await request(harness.url).get('/v1/metrics')).text;
    const delta = (name: string, labels: string) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      delta('policy_mesh_chat_requests_total', 'provider="cloud",status="success",endpoint="native"'),
    ).toBe(1);
    expect(delta('policy_mesh_routing_decisions_total', 'provider="cloud",reason_code="default"')).toBe(1);
    expect(delta('policy_mesh_audit_events_total', 'outcome="written"')).toBe(1);
    expect(
      delta('policy_mesh_chat_requests_total', 'provider="local",status="success",endpoint="native"'),
    ).toBe(0);
    expect(after).not.toContain('bicycle');
  });
});
