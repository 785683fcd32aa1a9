// npm run bench:providers — requests/s of each adapter against its fake upstream, with the pooled
// keep-alive transport and with Node's global fetch (the SDKs' default), in one run.
import { AppConfig } from '@app/config';
import { type LlmProvider, OllamaProvider, OpenAiProvider, ProviderTransport } from '@app/providers';
import { spawn } from 'node:child_process';
import { fmt, percentile, printTable } from './bench-stats';

const DURATION_MS = 3000;
const CONCURRENCY = 50;

async function load(
  provider: LlmProvider,
): Promise<{ rate: number; p50: number; p99: number; errors: number }> {
  const request = {
    model: 'bench',
    messages: [{ role: 'user' as const, content: 'hello there, how are you today?' }],
  };
  for (let i = 0; i < 200; i += 1) await provider.chat(request);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await provider.chat(request);
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

async function main(): Promise<void> {
  // The fakes run in their own process, so the adapters' cost is not mixed with the servers'.
  const fakes = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/fakes/run-fakes.ts'],
    {
      env: { ...process.env, FAKE_OPENAI_PORT: '18180', FAKE_OLLAMA_PORT: '18181' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve) =>
    fakes.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('OLLAMA_HOST') && resolve()),
  );
  const config = AppConfig.fromEnvironment({
    OLLAMA_HOST: 'http://127.0.0.1:18181',
    OPENAI_BASE_URL: 'http://127.0.0.1:18180/v1',
    OPENAI_API_KEY: 'sk-bench-0123456789abcdefghij',
  });
  const pooled = new ProviderTransport();
  const globalFetch = { fetch: globalThis.fetch } as unknown as ProviderTransport;
  const rows: Record<string, string>[] = [];
  for (const [name, make] of [
    ['ollama', (t: ProviderTransport) => new OllamaProvider(config, t)],
    ['openai', (t: ProviderTransport) => new OpenAiProvider(config, t)],
  ] as const) {
    for (const [transport, label] of [
      [pooled, 'pooled keep-alive (node:http Agent)'],
      [globalFetch, 'global fetch (SDK default)'],
    ] as const) {
      const result = await load(make(transport));
      rows.push({
        adapter: name,
        transport: label,
        'req/s': fmt(result.rate, 0),
        'p50 ms': fmt(result.p50, 2),
        'p99 ms': fmt(result.p99, 2),
        errors: String(result.errors),
      });
    }
  }
  printTable(
    `Adapters against the fakes in a second process, ${CONCURRENCY} concurrent callers, ${DURATION_MS} ms each`,
    rows,
  );
  await pooled.onApplicationShutdown();
  fakes.kill('SIGTERM');
}

void main();
