// POST /v1/chat end to end: every reason code, fallback rules, failures, bad input, and the one
// audit row each request leaves.
import request from 'supertest';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';

const chat = (harness: GatewayHarness, content: string, extra: object = {}) =>
  request(harness.url)
    .post('/v1/chat')
    .send({ messages: [{ role: 'user', content }], ...extra });

describe('POST /v1/chat (e2e)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGateway('native_chat', {
      policy: { ...CLOUD_DEFAULT_POLICY, fallback: { on_local_failure: 'cloud', on_cloud_failure: 'local' } },
    });
  });

  afterEach(() => {
    harness.ollama.reset();
    harness.openai.reset();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each([
    [
      'a keyword',
      'our Confidential board memo, please summarise it for everyone',
      'local',
      'sensitive_keyword_match',
    ],
    ['PII', 'please email the quarterly numbers to jane.doe@example.com by Friday', 'local', 'pii_detected'],
    ['a short prompt', 'hi there', 'local', 'cost_prefer_local'],
    ['a long prompt', LONG_PROMPT, 'cloud', 'default'],
  ])('routes %s and audits exactly one row without the text', async (_label, content, provider, reason) => {
    const response = await chat(harness, content).expect(200);
    expect(response.body).toMatchObject({
      provider,
      served_by: provider,
      reason_codes: [reason],
      error: null,
    });
    expect(response.body.content).toMatch(provider === 'local' ? /^local reply/ : /^cloud reply/);
    expect(response.headers['x-request-id']).toBe(response.body.request_id);
    const rows = await harness.auditRows('request_id = $1', [response.body.request_id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'success',
      provider,
      served_by: provider,
      reason_codes: [reason],
      decision: `provider=${provider},reason_codes=${reason}`,
      policy_version: response.body.policy_version,
      endpoint: 'native',
      message_count: 1,
      prompt_length: content.length,
      stream: false,
    });
    expect(JSON.stringify(rows[0])).not.toContain(content.slice(0, 20));
    // The other provider heard nothing of it.
    const other = provider === 'local' ? harness.openai : harness.ollama;
    expect(other.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('falls back to the cloud when the local provider fails and the policy allows it', async () => {
    harness.ollama.setFault({ kind: 'status', status: 500 });
    const response = await chat(harness, 'hello again').expect(200);
    expect(response.body).toMatchObject({
      provider: 'local',
      served_by: 'cloud',
      reason_codes: ['cost_prefer_local', 'fallback_local_unavailable'],
    });
    const [row] = await harness.auditRows('request_id = $1', [response.body.request_id]);
    expect(row).toMatchObject({
      provider: 'local',
      served_by: 'cloud',
      reason_codes: ['cost_prefer_local', 'fallback_local_unavailable'],
    });
  });

  it('never sends a sensitive prompt to the cloud when the local provider is down, whatever the fallback says', async () => {
    harness.ollama.setFault({ kind: 'refuse' });
    const response = await chat(harness, 'the secret launch plan, summarised').expect(502);
    expect(response.body).toMatchObject({
      provider: 'local',
      content: null,
      failure_category: 'unreachable',
      reason_codes: ['sensitive_keyword_match'],
    });
    const streamed = await request(harness.url)
      .post('/v1/chat/completions')
      .send({
        model: 'auto',
        stream: true,
        messages: [{ role: 'user', content: 'call me at +1 (415) 555-2671 about the offer' }],
      });
    expect(streamed.status).toBe(502);
    expect(harness.openai.requests).toHaveLength(0);
    const [row] = await harness.auditRows('request_id = $1', [response.body.request_id]);
    expect(row).toMatchObject({ status: 'failure', failure_category: 'unreachable', served_by: null });
  });

  it('answers a provider failure with 502 and a timeout with 504, each audited', async () => {
    harness.openai.setFault({ kind: 'status', status: 500 });
    harness.ollama.setFault({ kind: 'status', status: 503 });
    const failed = await chat(harness, LONG_PROMPT).expect(502);
    expect(failed.body).toMatchObject({
      provider: 'cloud',
      failure_category: 'server_error',
      content: null,
    });
    expect(failed.body.reason_codes).toEqual(['default', 'fallback_cloud_unavailable']);

    harness.openai.setFault({ kind: 'delay', ms: 2500 });
    harness.ollama.setFault({ kind: 'delay', ms: 2500 });
    const timedOut = await chat(harness, LONG_PROMPT).expect(504);
    expect(timedOut.body.failure_category).toBe('timeout');
    const [row] = await harness.auditRows('request_id = $1', [timedOut.body.request_id]);
    expect(row).toMatchObject({ status: 'failure', failure_category: 'timeout' });
  });

  it.each([
    [
      'malformed JSON',
      (r: request.Test) => r.set('content-type', 'application/json').send('{"messages": ['),
      400,
      'MALFORMED_JSON',
    ],
    ['missing messages', (r: request.Test) => r.send({}), 400, 'VALIDATION_FAILED'],
    ['empty messages', (r: request.Test) => r.send({ messages: [] }), 400, 'VALIDATION_FAILED'],
    [
      'an unknown role',
      (r: request.Test) => r.send({ messages: [{ role: 'wizard', content: 'x' }] }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'non-string content',
      (r: request.Test) => r.send({ messages: [{ role: 'user', content: 42 }] }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown field',
      (r: request.Test) => r.send({ messages: [{ role: 'user', content: 'x' }], temperature: 1 }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'the wrong content type',
      (r: request.Test) => r.set('content-type', 'text/plain').send('hello'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an oversized body',
      (r: request.Test) => r.send({ messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('answers %s with its status and code, and audits the rejection', async (_label, send, status, code) => {
    const response = await send(request(harness.url).post('/v1/chat')).expect(status);
    expect(response.body.code).toBe(code);
    const rows = await harness.auditRows('request_id = $1', [response.headers['x-request-id']]);
    // failure_category holds failure categories only; the refusal's code is the event's error_code.
    expect(rows).toEqual([
      expect.objectContaining({ status: 'rejected', failure_category: null, provider: null }),
    ]);
  });

  it('names every violated field', async () => {
    const response = await request(harness.url)
      .post('/v1/chat')
      .send({ messages: [{ role: 'wizard', content: 1 }] })
      .expect(400);
    expect(response.body.violations).toEqual(
      expect.arrayContaining([
        { field: 'messages.0.role', message: 'role must be one of system, user, assistant' },
        { field: 'messages.0.content', message: 'content must be a string' },
      ]),
    );
  });
});

describe('cloud budget (e2e)', () => {
  it("keeps requests local once the day's cloud spend reaches the budget", async () => {
    const harness = await startGateway('budget', {
      policy: {
        ...CLOUD_DEFAULT_POLICY,
        cost: {
          ...CLOUD_DEFAULT_POLICY.cost,
          input_usd_per_1m_tokens: 20_000,
          output_usd_per_1m_tokens: 20_000,
        },
        budget: { cloud_usd_per_day: 1 },
      },
    });
    try {
      const first = await chat(harness, LONG_PROMPT).expect(200);
      expect(first.body.served_by).toBe('cloud');
      const [row] = await harness.auditRows('request_id = $1', [first.body.request_id]);
      expect(Number(row!.cost_usd)).toBeGreaterThan(0.5);
      const second = await chat(harness, LONG_PROMPT).expect(200);
      expect(second.body).toMatchObject({ provider: 'local', reason_codes: ['cloud_budget_exceeded'] });
    } finally {
      await harness.close();
    }
  });
});
