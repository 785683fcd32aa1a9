// Contract tests of `embed`: both adapters through the real SDKs (ollama's embed, openai's
// embeddings.create) against fakes that speak /api/embed and /v1/embeddings, for vectors, usage,
// the served model and the failure categories chat has.
import type { FailureCategory, LlmProvider, ProviderTransport } from '@app/providers';
import { type FakeServer, type Fault, fakeEmbedding } from '../../fakes';
import { failureOf, PROVIDER_CASES, useProvider } from '../../support/provider-under-test';

const INPUTS = ['hello there friend', 'a second text to embed'];

/** The body each upstream must receive for INPUTS with model `embed-model` and 4 dimensions. */
const cases = PROVIDER_CASES.map((providerCase) =>
  providerCase.name === 'cloud'
    ? {
        ...providerCase,
        path: '/v1/embeddings',
        // The SDK asks for base64 when not told otherwise, and decodes it.
        wire: { model: 'embed-model', input: INPUTS, dimensions: 4, encoding_format: 'base64' },
      }
    : { ...providerCase, path: '/api/embed', wire: { model: 'embed-model', input: INPUTS, dimensions: 4 } },
);

describe.each(cases)('$name provider embed contract', (providerCase) => {
  const { name, make, path, wire } = providerCase;
  const built = useProvider(providerCase);
  let fake: FakeServer;
  let transport: ProviderTransport;
  let provider: LlmProvider;
  beforeAll(() => ({ fake, transport, provider } = built()));

  it('embeds every input in order with usage and the served model, sending the wire format', async () => {
    const result = await provider.embed({ inputs: INPUTS, model: 'embed-model', dimensions: 4 });
    expect(result.vectors).toEqual(INPUTS.map((text) => fakeEmbedding(text, name, 4)));
    expect(result.model).toBe('embed-model');
    expect(result.usage).toEqual({ input_tokens: 11, output_tokens: 0 });
    expect(fake.requestsTo(path).map((call) => call.body)).toEqual([wire]);
  });

  const faults: [string, Fault, FailureCategory][] = [
    ['401', { kind: 'status', status: 401 }, 'auth_error'],
    ['429', { kind: 'status', status: 429 }, 'rate_limited'],
    ['400', { kind: 'status', status: 400 }, 'client_error'],
    ['500', { kind: 'status', status: 500 }, 'server_error'],
    ['a malformed body', { kind: 'malformed' }, 'invalid_response'],
    ['a refused connection', { kind: 'refuse' }, 'unreachable'],
  ];

  it.each(faults)('maps %s to %s', async (_label, fault, category) => {
    fake.setFault(fault);
    const error = await failureOf(() => provider.embed({ inputs: INPUTS, model: 'embed-model' }));
    expect(error.category).toBe(category);
    expect(error.provider).toBe(name);
  });

  it('reports a silent upstream as timeout and a caller abort as canceled', async () => {
    fake.setFault({ kind: 'delay', ms: 1500 });
    const slow = make(fake, transport, '1');
    expect((await failureOf(() => slow.embed({ inputs: INPUTS, model: 'm' }))).category).toBe('timeout');
    fake.setFault({ kind: 'drip', ms: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const canceled = await failureOf(() => provider.embed({ inputs: INPUTS, model: 'm' }, controller.signal));
    expect(canceled.category).toBe('canceled');
  });

  it("keeps the upstream's text and the inputs out of the caller's message", async () => {
    fake.setFault({
      kind: 'status',
      status: 400,
      message: 'cannot embed "hello there friend" with key sk-test-secret-key-123456',
    });
    const error = await failureOf(() => provider.embed({ inputs: INPUTS, model: 'm' }));
    expect(error.safeMessage).not.toMatch(/hello|sk-test/);
  });
});
