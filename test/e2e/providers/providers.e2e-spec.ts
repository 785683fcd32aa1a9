// Contract tests: both adapters through the real SDKs against fake servers that speak the real
// wire protocols, for success, usage, served model and every failure category.
import { AppConfig } from '@app/config';
import {
  type FailureCategory,
  type LlmProvider,
  OllamaProvider,
  OpenAiProvider,
  type ProviderStreamEvent,
  ProviderTransport,
} from '@app/providers';
import { type FakeServer, type Fault, startFakeOpenAi } from '../../fakes';
import { failureOf, PROVIDER_CASES, useProvider } from '../../support/provider-under-test';

const request = {
  model: 'test-model',
  messages: [
    { role: 'system' as const, content: 'be brief' },
    { role: 'user' as const, content: 'hello there friend' },
  ],
};

async function collect(stream: AsyncIterable<ProviderStreamEvent>): Promise<ProviderStreamEvent[]> {
  const events: ProviderStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const cases = PROVIDER_CASES.map((providerCase) => ({
  ...providerCase,
  chatPath: providerCase.name === 'cloud' ? '/v1/chat/completions' : '/api/chat',
}));

describe.each(cases)('$name provider contract', (providerCase) => {
  const { name, make, chatPath } = providerCase;
  const built = useProvider(providerCase);
  let fake: FakeServer;
  let transport: ProviderTransport;
  let provider: LlmProvider;
  beforeAll(() => ({ fake, transport, provider } = built()));

  it('answers a whole chat with content, usage and the served model', async () => {
    const result = await provider.chat(request);
    expect(result.content).toBe(`${name} reply to 2 message(s) of 3 word(s).`);
    expect(result.model).toMatch(/^test-model/);
    expect(result.usage).toEqual({ input_tokens: 7, output_tokens: expect.any(Number) as number });
    expect(result.usage!.output_tokens).toBeGreaterThan(0);
    expect(fake.requestsTo(chatPath)).toHaveLength(1);
  });

  it('streams deltas in order and ends with usage', async () => {
    const events = await collect(provider.stream(request));
    const deltas = events.filter((event) => event.type === 'delta').map((event) => event.content);
    expect(deltas.join('')).toBe(`${name} reply to 2 message(s) of 3 word(s).`);
    expect(deltas.length).toBeGreaterThan(1);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', usage: { input_tokens: 7 } });
  });

  it('passes generation options on to the upstream', async () => {
    await provider.chat({
      ...request,
      options: { temperature: 0.2, max_tokens: 12, stop: ['END'], seed: 7 },
    });
    const body = fake.requestsTo(chatPath)[0]!.body as Record<string, unknown>;
    if (name === 'cloud') {
      expect(body).toMatchObject({ temperature: 0.2, max_tokens: 12, stop: ['END'], seed: 7 });
    } else {
      expect(body.options).toMatchObject({ temperature: 0.2, num_predict: 12, stop: ['END'], seed: 7 });
    }
  });

  it('lists models and reports health as up', async () => {
    await expect(provider.listModels()).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
    await expect(provider.health()).resolves.toMatchObject({ status: 'up' });
  });

  const faults: [string, Fault, FailureCategory][] = [
    ['401', { kind: 'status', status: 401 }, 'auth_error'],
    ['429', { kind: 'status', status: 429 }, 'rate_limited'],
    ['400', { kind: 'status', status: 400 }, 'client_error'],
    ['500', { kind: 'status', status: 500 }, 'server_error'],
    ['a malformed body', { kind: 'malformed' }, 'invalid_response'],
  ];

  it.each(faults)('maps %s to %s without streaming', async (_label, fault, category) => {
    fake.setFault(fault);
    const error = await failureOf(() => provider.chat(request));
    expect(error.category).toBe(category);
    expect(error.provider).toBe(name);
  });

  it.each(faults)('maps %s to %s when streaming', async (_label, fault, category) => {
    fake.setFault(fault);
    const error = await failureOf(() => collect(provider.stream(request)));
    expect(error.category).toBe(category);
  });

  it('reports a stream cut after it started as stream_interrupted', async () => {
    fake.setFault({ kind: 'disconnect', afterChunks: 2 });
    const error = await failureOf(() => collect(provider.stream(request)));
    expect(error.category).toBe('stream_interrupted');
  });

  it('reports a whole answer cut off halfway as unreachable, not as a malformed answer', async () => {
    fake.setFault({ kind: 'disconnect', afterChunks: 0 });
    const error = await failureOf(() => provider.chat(request));
    expect(error.category).toBe('unreachable');
  });

  it('cancels a whole answer the caller aborts halfway through its body, as canceled', async () => {
    fake.setFault({ kind: 'drip', ms: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(() => provider.chat(request, controller.signal));
    expect(error.category).toBe('canceled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requestsTo(chatPath)[0]!.closedByClient).toBe(true);
  });

  it('reads a whole answer that arrives in pieces', async () => {
    fake.setFault({ kind: 'drip', ms: 50 });
    const result = await provider.chat(request);
    expect(result.content).toContain('reply');
  });

  it('reports a silent upstream as timeout', async () => {
    const slow = make(fake, transport, '1');
    fake.setFault({ kind: 'delay', ms: 1500 });
    const error = await failureOf(() => slow.chat(request));
    expect(error.category).toBe('timeout');
  });

  it('reports a refused connection as unreachable', async () => {
    fake.setFault({ kind: 'refuse' });
    const error = await failureOf(() => provider.chat(request));
    expect(error.category).toBe('unreachable');
  });

  it('cancels the upstream request when the caller aborts, as canceled', async () => {
    fake.setFault({ kind: 'drip', ms: 200 });
    const controller = new AbortController();
    const events: ProviderStreamEvent[] = [];
    const error = await failureOf(async () => {
      for await (const event of provider.stream(request, controller.signal)) {
        events.push(event);
        controller.abort();
      }
    });
    expect(error.category).toBe('canceled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requestsTo(chatPath)[0]!.closedByClient).toBe(true);
  });

  it('never puts the API key in a failure message', async () => {
    fake.setFault({
      kind: 'status',
      status: 401,
      message: 'Incorrect API key provided: sk-test-secret-key-123456',
    });
    const error = await failureOf(() => provider.chat(request));
    expect(error.safeMessage).not.toContain('sk-test-secret-key-123456');
  });
});

describe('unreachable and unconfigured providers', () => {
  it('reports a local server that is not there as unreachable and down', async () => {
    const transport = new ProviderTransport();
    const provider = new OllamaProvider(
      AppConfig.fromEnvironment({ OLLAMA_HOST: 'http://127.0.0.1:1' }),
      transport,
    );
    expect((await failureOf(() => provider.chat(request))).category).toBe('unreachable');
    await expect(provider.health()).resolves.toMatchObject({ status: 'down' });
    await transport.onApplicationShutdown();
  });

  it('fails fast as auth_error and reports not_configured without an OpenAI key', async () => {
    const fake = await startFakeOpenAi();
    const transport = new ProviderTransport();
    const provider = new OpenAiProvider(
      AppConfig.fromEnvironment({ OPENAI_BASE_URL: `${fake.url}/v1` }),
      transport,
    );
    const error = await failureOf(() => provider.chat(request));
    expect(error.category).toBe('auth_error');
    expect(error.safeMessage).toMatch(/OPENAI_API_KEY is unset/);
    await expect(provider.health()).resolves.toEqual({
      status: 'not_configured',
      detail: 'OPENAI_API_KEY is unset',
    });
    expect(fake.requests).toHaveLength(0);
    await transport.onApplicationShutdown();
    await fake.close();
  });
});
