// POST /v1/embeddings through the official openai SDK, against both fake upstreams: what reached
// each upstream, sensitive and PII text never reaching the fake cloud, one audit row per request,
// keys and rate limits, model aliases and the default-model header.
import OpenAI from 'openai';
import request from 'supertest';
import { fakeEmbedding } from '../../fakes';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
  useGateway,
} from '../../support/gateway-harness';

// Starting a gateway on a private database takes seconds on a busy machine.
jest.setTimeout(60_000);

const ADMIN_KEY = 'admin-bootstrap-key-for-the-embeddings-tests-0123';
const POLICY = {
  ...CLOUD_DEFAULT_POLICY,
  // Every fallback allowed: sensitive text must still never reach the cloud.
  fallback: { on_local_failure: 'cloud', on_cloud_failure: 'local' },
  models: {
    aliases: {
      'text-embedding-3-large': { local: 'mxbai-embed-large' },
      'gpt-4o': { local: 'llama3.1:70b' },
    },
  },
};
const SENSITIVE = 'the confidential merger memo for the board';
const PII = 'reach jane.doe@example.com about the invoice and the bicycle';

type ApiError = InstanceType<typeof OpenAI.APIError>;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof OpenAI.APIError)) throw error;
  return error;
}

describe('POST /v1/embeddings through the openai SDK (e2e)', () => {
  let harness: GatewayHarness;
  let client: OpenAI;
  let chatKey: { id: string; key: string };

  beforeAll(async () => {
    harness = await startGateway('embeddings', {
      policy: POLICY,
      env: { AUTH_MODE: 'keys', ADMIN_API_KEY: ADMIN_KEY },
    });
    const created = await request(harness.url)
      .post('/v1/keys')
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .send({ name: 'indexer', scopes: ['chat'] })
      .expect(201);
    chatKey = created.body as { id: string; key: string };
    client = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: chatKey.key, maxRetries: 0 });
  });

  afterEach(() => {
    harness.ollama.reset();
    harness.openai.reset();
  });

  afterAll(async () => {
    await harness.close();
  });

  const rowsOf = (requestId: string | null) => harness.auditRows('request_id = $1', [requestId]);

  it('embeds a string on the cloud per policy: the SDK decodes the base64 it asked for, one audit row with the key', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: LONG_PROMPT })
      .withResponse();
    expect(data.object).toBe('list');
    expect(data.data).toEqual([
      { object: 'embedding', index: 0, embedding: fakeEmbedding(LONG_PROMPT, 'cloud') },
    ]);
    expect(data.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-policy-mesh-provider')).toBe('cloud');
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('default');
    expect(response.headers.get('x-policy-mesh-model-choice')).toBe('default');
    expect(harness.ollama.requestsTo('/api/embed')).toHaveLength(0);
    const sent = harness.openai.requestsTo('/v1/embeddings');
    expect(sent.map((call) => call.body)).toEqual([
      { model: 'text-embedding-3-small', input: [LONG_PROMPT], encoding_format: 'base64' },
    ]);
    const rows = await rowsOf(response.headers.get('x-policy-mesh-request-id'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      endpoint: 'embeddings',
      status: 'success',
      provider: 'cloud',
      served_by: 'cloud',
      model: 'text-embedding-3-small',
      message_count: 1,
      prompt_length: LONG_PROMPT.length,
      output_tokens: 0,
      stream: false,
      key_id: chatKey.id,
    });
    expect(JSON.stringify(rows[0])).not.toContain('bicycle');
  });

  it('embeds an array with one sensitive item locally, as floats in order; nothing reaches the cloud', async () => {
    const inputs = [LONG_PROMPT, SENSITIVE, 'short'];
    const { data, response } = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: inputs, encoding_format: 'float' })
      .withResponse();
    expect(data.data.map((item) => item.embedding)).toEqual(
      inputs.map((text) => fakeEmbedding(text, 'local')),
    );
    expect(data.model).toBe('nomic-embed-text');
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('sensitive_keyword_match');
    expect(response.headers.get('x-policy-mesh-served-by')).toBe('local');
    expect(harness.openai.requests).toHaveLength(0);
    expect(harness.ollama.requestsTo('/api/embed').map((call) => call.body)).toEqual([
      { model: 'nomic-embed-text', input: inputs },
    ]);
    const [row] = await rowsOf(response.headers.get('x-policy-mesh-request-id'));
    expect(row).toMatchObject({
      reason_codes: ['sensitive_keyword_match'],
      message_count: 3,
      prompt_length: inputs.join('').length,
    });
  });

  it('answers base64 when asked: little-endian float32, as OpenAI sends it', async () => {
    const response = await client.embeddings.create({
      model: 'auto',
      input: ['one', 'two'],
      encoding_format: 'base64',
    });
    const decoded = response.data.map((item) => {
      const bytes = Buffer.from(item.embedding as unknown as string, 'base64');
      return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    });
    expect(decoded).toEqual([fakeEmbedding('one', 'local'), fakeEmbedding('two', 'local')]);
  });

  it('never sends PII to the cloud, even when the local provider fails and fallback to the cloud is allowed', async () => {
    harness.ollama.setFault({ kind: 'status', status: 500 });
    const error = await failure(client.embeddings.create({ model: 'auto', input: [LONG_PROMPT, PII] }));
    expect(error.status).toBe(502);
    expect(error.code).toBe('server_error');
    expect(error.headers?.get('x-policy-mesh-reason-codes')).toBe('pii_detected');
    expect(harness.openai.requests).toHaveLength(0);
    const rows = await rowsOf(error.headers?.get('x-policy-mesh-request-id') ?? null);
    expect(rows).toMatchObject([{ status: 'failure', failure_category: 'server_error', served_by: null }]);
  });

  it('falls back to the local tier for non-sensitive text when the cloud fails (the policy allows it)', async () => {
    harness.openai.setFault({ kind: 'status', status: 503 });
    const { data, response } = await client.embeddings
      .create({ model: 'auto', input: LONG_PROMPT })
      .withResponse();
    expect(data.data[0]!.embedding).toEqual(fakeEmbedding(LONG_PROMPT, 'local'));
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('default,fallback_cloud_unavailable');
  });

  it('passes dimensions and maps a requested model through the alias table on the chosen tier', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'text-embedding-3-large', input: SENSITIVE, dimensions: 4, encoding_format: 'float' })
      .withResponse();
    expect(data.data[0]!.embedding).toEqual(fakeEmbedding(SENSITIVE, 'local', 4));
    expect(response.headers.get('x-policy-mesh-model')).toBe('mxbai-embed-large');
    expect(response.headers.get('x-policy-mesh-model-choice')).toBe('alias');
    expect(harness.ollama.requestsTo('/api/embed')[0]!.body).toEqual({
      model: 'mxbai-embed-large',
      input: [SENSITIVE],
      dimensions: 4,
    });
  });

  it('refuses token-id input and empty input with a code, in the SDK error class, audited as rejected', async () => {
    const tokens = await failure(client.embeddings.create({ model: 'auto', input: [[1, 2, 3]] }));
    expect(tokens).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tokens.code).toBe('unsupported_content');
    const empty = await failure(client.embeddings.create({ model: 'auto', input: [] }));
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty.code).toBe('validation_failed');
    expect(harness.ollama.requests).toHaveLength(0);
    expect(harness.openai.requests).toHaveLength(0);
    const rows = await harness.auditRows("endpoint = 'embeddings' AND status = 'rejected'");
    expect(rows.map((row) => row.error_code)).toEqual(['UNSUPPORTED_CONTENT', 'VALIDATION_FAILED']);
    expect(rows.every((row) => row.key_id === chatKey.id)).toBe(true);
  });

  it('refuses a missing or unknown key with AuthenticationError, a key over its rate with RateLimitError, and audits none', async () => {
    const before = (await harness.auditRows()).length;
    const anonymous = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'pm_not-a-key', maxRetries: 0 });
    const unknown = await failure(anonymous.embeddings.create({ model: 'auto', input: 'hi' }));
    expect(unknown).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unknown.code).toBe('auth_invalid');
    const missing = await request(harness.url).post('/v1/embeddings').send({ input: 'hi' }).expect(401);
    expect(missing.body.error).toMatchObject({ type: 'authentication_error', code: 'auth_required' });

    const limited = await request(harness.url)
      .post('/v1/keys')
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .send({ name: 'slow-indexer', scopes: ['chat'], rpm: 1 })
      .expect(201);
    const slow = new OpenAI({
      baseURL: `${harness.url}/v1`,
      apiKey: limited.body.key as string,
      maxRetries: 0,
    });
    await slow.embeddings.create({ model: 'auto', input: 'first' });
    const over = await failure(slow.embeddings.create({ model: 'auto', input: 'second' }));
    expect(over).toBeInstanceOf(OpenAI.RateLimitError);
    expect(over.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    // The one answered request left its row; the three refused callers left none.
    expect((await harness.auditRows()).length).toBe(before + 1);
  });

  it('maps a chat model through the alias table and says when the default answered instead', async () => {
    const aliased = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(aliased.response.headers.get('x-policy-mesh-model')).toBe('llama3.1:70b');
    expect(aliased.response.headers.get('x-policy-mesh-model-choice')).toBe('alias');
    expect((harness.ollama.requestsTo('/api/chat')[0]!.body as { model: string }).model).toBe('llama3.1:70b');

    const replaced = await client.chat.completions
      .create({ model: 'claude-3-opus', messages: [{ role: 'user', content: LONG_PROMPT }] })
      .withResponse();
    expect(replaced.response.headers.get('x-policy-mesh-model-choice')).toBe('default');
    expect((harness.openai.requestsTo('/v1/chat/completions')[0]!.body as { model: string }).model).toBe(
      'gpt-4o-mini',
    );
  });

  it('lists what can be served: auto, each tier chat and embedding model, and the aliases', async () => {
    const models = await client.models.list();
    const listed = models.data.map((model) => {
      const { id, owned_by, kind, tier } = model as typeof model & { kind: string; tier: string | null };
      return { id, owned_by, kind, tier };
    });
    expect(listed).toEqual([
      { id: 'auto', owned_by: 'policy-mesh', kind: 'any', tier: null },
      { id: 'llama3.2', owned_by: 'ollama', kind: 'chat', tier: 'local' },
      { id: 'nomic-embed-text', owned_by: 'ollama', kind: 'embeddings', tier: 'local' },
      { id: 'gpt-4o-mini', owned_by: 'openai', kind: 'chat', tier: 'cloud' },
      { id: 'text-embedding-3-small', owned_by: 'openai', kind: 'embeddings', tier: 'cloud' },
      { id: 'gpt-4o', owned_by: 'policy-mesh', kind: 'any', tier: null },
      { id: 'text-embedding-3-large', owned_by: 'policy-mesh', kind: 'any', tier: null },
    ]);
    expect((models.data[5] as unknown as { serves: object }).serves).toEqual({ local: 'llama3.1:70b' });
  });
});

describe('POST /v1/embeddings pinned to one tier (e2e)', () => {
  const gateway = useGateway('embeddings_pinned', {
    policy: { ...POLICY, embeddings: { tier: 'cloud' } },
  });
  let harness: GatewayHarness;
  let client: OpenAI;
  beforeAll(() => ({ harness, client } = gateway()));

  it('embeds short, cheap text on the pinned cloud tier rather than locally for cost', async () => {
    const { response } = await client.embeddings.create({ model: 'auto', input: 'hi' }).withResponse();
    expect(response.headers.get('x-policy-mesh-reason-codes')).toBe('embeddings_tier_pinned');
    expect(harness.openai.requestsTo('/v1/embeddings')).toHaveLength(1);
  });

  it('refuses sensitive text with 422 EMBEDDINGS_PIN_CONFLICT: no vector from another space, nothing sent, one rejected row', async () => {
    const error = await failure(client.embeddings.create({ model: 'auto', input: ['hello', SENSITIVE] }));
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect(error.code).toBe('embeddings_pin_conflict');
    expect(harness.openai.requests).toHaveLength(0);
    expect(harness.ollama.requests).toHaveLength(0);
    const rows = await harness.auditRows('request_id = $1', [error.headers?.get('x-policy-mesh-request-id')]);
    expect(rows).toMatchObject([
      {
        endpoint: 'embeddings',
        status: 'rejected',
        error_code: 'EMBEDDINGS_PIN_CONFLICT',
        provider: 'local',
        served_by: null,
        reason_codes: ['sensitive_keyword_match'],
        message_count: 2,
      },
    ]);
  });

  it('never falls back across the pin when the pinned tier fails', async () => {
    harness.openai.setFault({ kind: 'status', status: 500 });
    const error = await failure(client.embeddings.create({ model: 'auto', input: LONG_PROMPT }));
    expect(error.status).toBe(502);
    expect(harness.ollama.requests).toHaveLength(0);
  });
});
