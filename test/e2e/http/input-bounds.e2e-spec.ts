// Input that once cost a 500 or the event loop: deep JSON, NUL characters, OpenAI fields out of
// their documented ranges. Each gets a 400 with a code, on every route, and a chat request refused
// this way still leaves its one audit row.
import { connect } from 'node:net';
import OpenAI from 'openai';
import request from 'supertest';
import { type GatewayHarness, startGateway } from '../../support/gateway-harness';

const DEEP_ARRAY = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

describe('input bounds (e2e)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGateway('input_bounds');
  });

  afterAll(async () => {
    await harness.close();
  });

  describe.each([
    ['an array', DEEP_ARRAY],
    ['an object', DEEP_OBJECT],
  ])('JSON nested 100,000 levels deep as %s', (_label, body) => {
    it.each([
      ['POST', '/v1/chat'],
      ['POST', '/v1/route/explain'],
      ['POST', '/v1/nothing-here'],
      ['GET', '/v1/audit'],
      ['GET', '/v1/health'],
    ])('is refused with 400 JSON_TOO_DEEP on %s %s', async (method, path) => {
      const response = await request(harness.url)
        [method === 'POST' ? 'post' : 'get'](path)
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'JSON_TOO_DEEP',
        request_id: response.headers['x-request-id'],
      });
    });

    it("is refused in OpenAI's envelope on /v1/chat/completions", async () => {
      const response = await request(harness.url)
        .post('/v1/chat/completions')
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body.error).toMatchObject({ code: 'json_too_deep', type: 'invalid_request_error' });
    });
  });

  it('audits a chat request refused for its depth as rejected, once', async () => {
    const response = await request(harness.url)
      .post('/v1/chat')
      .set('content-type', 'application/json')
      .send(DEEP_ARRAY)
      .expect(400);
    await expect(harness.auditRows('request_id = $1', [response.headers['x-request-id']])).resolves.toEqual([
      expect.objectContaining({ status: 'rejected', failure_category: null, error_code: 'JSON_TOO_DEEP' }),
    ]);
  });

  it('audits a chat body the client abandoned half-way as REQUEST_ABORTED, not as malformed JSON', async () => {
    const correlationId = 'abandoned-body';
    const socket = connect(Number(new URL(harness.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: 200\r\nX-Request-Id: ${correlationId}\r\n\r\n{"messages": [{"role"`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    let rows: Record<string, unknown>[] = [];
    for (let tries = 0; tries < 50 && rows.length === 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await harness.auditRows('correlation_id = $1', [correlationId]);
    }
    expect(rows).toEqual([expect.objectContaining({ status: 'rejected', error_code: 'REQUEST_ABORTED' })]);
  });

  it('answers 408 and closes a client that never finishes its headers, long before Node would (slowloris)', async () => {
    const socket = connect(Number(new URL(harness.url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    // Others are served meanwhile.
    await request(harness.url).get('/v1/health').expect(200);
    // Node's defaults would hold the socket 60-90 s, past this test's timeout.
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  }, 30_000);

  it('refuses tool-call arguments nested too deep with 400 JSON_TOO_DEEP, audited once, not a 500', async () => {
    const response = await request(harness.url)
      .post('/v1/chat/completions')
      .send({
        model: 'auto',
        messages: [
          { role: 'user', content: 'weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: DEEP_ARRAY } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
      })
      .expect(400);
    expect(response.body.error).toMatchObject({
      code: 'json_too_deep',
      param: 'messages.1.tool_calls.0.function.arguments',
    });
    await expect(harness.auditRows('request_id = $1', [response.headers['x-request-id']])).resolves.toEqual([
      expect.objectContaining({ status: 'rejected', error_code: 'JSON_TOO_DEEP' }),
    ]);
  });

  it.each(['/V1/Chat/Completions', '/v1/chat/completions/'])(
    'audits a bad body on %s (the router ignores case and a trailing slash) in OpenAI envelope',
    async (path) => {
      const response = await request(harness.url)
        .post(path)
        .send({ model: 'auto', messages: [] })
        .expect(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed' });
      await expect(harness.auditRows('request_id = $1', [response.headers['x-request-id']])).resolves.toEqual(
        [
          expect.objectContaining({
            status: 'rejected',
            endpoint: 'openai',
            error_code: 'VALIDATION_FAILED',
          }),
        ],
      );
    },
  );

  it('still accepts a body nested as deep as a real OpenAI request with a JSON schema', async () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
    };
    await request(harness.url)
      .post('/v1/chat/completions')
      .send({
        model: 'auto',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi [[{{ ]] }}' }] }],
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      })
      .expect(200);
  });

  it.each([
    ['/v1/audit?client_id=%00', 'client_id'],
    ['/v1/audit?reason=x%00y', 'reason'],
    ['/v1/audit?cursor=%00', 'cursor'],
    ['/v1/audit?limit=%00', 'limit'],
    ['/v1/audit/stats?since=%00', 'since'],
    ['/v1/audit/%00', 'request_id'],
  ])('answers a NUL character in %s with 400 naming the parameter', async (path, field) => {
    const response = await request(harness.url).get(path).expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ field, message: 'must not contain a NUL character' }],
    });
    expect(response.body.message).not.toMatch(/body/);
  });

  it.each([
    ['a request id that is not a UUID', '2026-01-01T00:00:00Z|abc'],
    ['a NUL character', '2026-01-01T00:00:00Z|\u0000'],
  ])('answers a forged cursor holding %s with 400, not a database error', async (_label, text) => {
    const response = await request(harness.url)
      .get(`/v1/audit?cursor=${cursorOf(text)}`)
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers a NUL character in a model name with 400 on both chat routes', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const native = await request(harness.url)
      .post('/v1/chat')
      .send({ messages, model: 'm\u0000' })
      .expect(400);
    expect(native.body.violations).toEqual([
      { field: 'model', message: 'model must not contain a NUL character' },
    ]);
    const openai = await request(harness.url)
      .post('/v1/chat/completions')
      .send({ messages, model: 'm\u0000' })
      .expect(400);
    expect(openai.body.error).toMatchObject({ code: 'validation_failed', param: 'model' });
  });

  describe('OpenAI fields out of their documented ranges, through the openai SDK', () => {
    let client: OpenAI;

    beforeAll(() => {
      client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    });

    beforeEach(() => harness.ollama.reset());

    const base = { model: 'auto', messages: [{ role: 'user' as const, content: 'hi' }] };

    it.each([
      ['max_tokens: -1', { max_tokens: -1 }, 'max_tokens'],
      ['n: -5', { n: -5 }, 'n'],
      ['a 10,000-entry stop array', { stop: Array.from({ length: 10_000 }, (_, i) => `s${i}`) }, 'stop'],
      ['a malformed response_format', { response_format: { type: 'yaml' } }, 'response_format.type'],
      ['temperature: 3', { temperature: 3 }, 'temperature'],
      ['top_logprobs: 21', { top_logprobs: 21 }, 'top_logprobs'],
    ])('refuses %s with 400 naming the field', async (_label, extra, param) => {
      const error = await client.chat.completions
        .create({ ...base, ...(extra as object) } as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, code: 'validation_failed', param });
      expect(harness.ollama.requestsTo('/api/chat')).toHaveLength(0);
    });

    it('refuses n: 2 as an unsupported parameter rather than answering one choice', async () => {
      const error = await client.chat.completions
        .create({ ...base, n: 2 })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'n' });
    });
  });

  it('applies one message-count cap to chat, completions and explain', async () => {
    const messages = Array.from({ length: 1001 }, () => ({ role: 'user', content: 'x' }));
    for (const path of ['/v1/chat', '/v1/chat/completions', '/v1/route/explain']) {
      const response = await request(harness.url).post(path).send({ model: 'auto', messages }).expect(400);
      expect(JSON.stringify(response.body)).toContain('at most 1000 messages');
    }
    await request(harness.url)
      .post('/v1/route/explain')
      .send({ messages: messages.slice(0, 1000) })
      .expect(200);
  });
});
