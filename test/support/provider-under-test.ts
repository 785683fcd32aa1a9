// Both provider adapters as their contract tests build them: each with its fake upstream, a
// transport of its own, and a helper that runs `call` and returns the ProviderError it threw.
import { AppConfig } from '@app/config';
import {
  type LlmProvider,
  OllamaProvider,
  OpenAiProvider,
  ProviderError,
  ProviderTransport,
} from '@app/providers';
import { type FakeServer, startFakeOllama, startFakeOpenAi } from '../fakes';

export interface ProviderCase {
  readonly name: 'local' | 'cloud';
  readonly start: () => Promise<FakeServer>;
  /** The adapter against `fake`, with a provider timeout of `timeoutSeconds` (2 by default). */
  readonly make: (fake: FakeServer, transport: ProviderTransport, timeoutSeconds?: string) => LlmProvider;
}

export const PROVIDER_CASES: readonly ProviderCase[] = [
  {
    name: 'cloud',
    start: () => startFakeOpenAi(),
    make: (fake, transport, timeout = '2') =>
      new OpenAiProvider(
        AppConfig.fromEnvironment({
          OPENAI_BASE_URL: `${fake.url}/v1`,
          OPENAI_API_KEY: 'sk-test-secret-key-123456',
          PROVIDER_TIMEOUT_SECONDS: timeout,
        }),
        transport,
      ),
  },
  {
    name: 'local',
    start: () => startFakeOllama(),
    make: (fake, transport, timeout = '2') =>
      new OllamaProvider(
        AppConfig.fromEnvironment({ OLLAMA_HOST: fake.url, PROVIDER_TIMEOUT_SECONDS: timeout }),
        transport,
      ),
  },
];

export interface ProviderUnderTest {
  readonly fake: FakeServer;
  readonly transport: ProviderTransport;
  readonly provider: LlmProvider;
}

/** The case's adapter for the enclosing `describe`: built before it, the fake reset after each test. */
export function useProvider(providerCase: ProviderCase): () => ProviderUnderTest {
  let built: ProviderUnderTest | undefined;
  beforeAll(async () => {
    const fake = await providerCase.start();
    const transport = new ProviderTransport();
    built = { fake, transport, provider: providerCase.make(fake, transport) };
  });
  afterEach(() => built?.fake.reset());
  afterAll(async () => {
    await built?.transport.onApplicationShutdown();
    await built?.fake.close();
  });
  return () => {
    if (built === undefined) throw new Error(`the ${providerCase.name} provider was not built`);
    return built;
  };
}

export async function failureOf(call: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}
