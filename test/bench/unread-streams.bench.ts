// npm run bench:unread-streams — what clients that stop reading cost everyone else: N streams of
// large answers (the fake OpenAI sends them as fast as it may) are opened and never read, and
// /v1/health is timed meanwhile, one request after another. The gateway runs in this process (the
// e2e harness), so the figures compare builds with each other on one machine, not with other
// processes. Prints figures, asserts nothing.
import { Agent } from 'node:http';
import { CLOUD_DEFAULT_POLICY, startGateway } from '../support/gateway-harness';
import { openUnreadStream } from '../support/unread-stream';
import { percentile } from './bench-stats';

const STREAMS = Number(process.env.BENCH_UNREAD_STREAMS ?? 100);
/** Each answer: this many chunks of 8,000 characters (500: about 4 MB). */
const CHUNKS = Number(process.env.BENCH_UNREAD_CHUNKS ?? 500);
const WINDOW_MS = Number(process.env.BENCH_UNREAD_WINDOW_MS ?? 8000);

async function healthLatencies(url: string, windowMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + windowMs;
  while (performance.now() < end) {
    const start = performance.now();
    const response = await fetch(`${url}/v1/health`);
    await response.text();
    latencies.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies.sort((a, b) => a - b);
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const gateway = await startGateway('bench_unread', {
    policy: CLOUD_DEFAULT_POLICY,
    cloudStreamShape: { chunks: CHUNKS, intervalMs: 0, chunkChars: 8000 },
    env: { PROVIDER_TIMEOUT_SECONDS: '60' },
  });
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const quiet = await healthLatencies(gateway.url, 2000);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const opened = await Promise.all(
      Array.from({ length: STREAMS }, () => openUnreadStream(gateway.url, agent)),
    );
    const loaded = await healthLatencies(gateway.url, WINDOW_MS);
    clearInterval(sampler);
    const calls = gateway.openai.requestsTo('/v1/chat/completions');
    const line = (label: string, values: number[]) =>
      `${label}: ${values.length} requests, p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms, max ${values.at(-1)?.toFixed(2)} ms`;
    process.stdout.write(
      [
        `unread streams: ${opened.length} of about ${mb(CHUNKS * 8000)} MB each`,
        line('health, quiet', quiet),
        line(`health, ${STREAMS} unread streams`, loaded),
        `process RSS: ${mb(rssBefore)} MB before, peak ${mb(peakRss)} MB (+${mb(peakRss - rssBefore)} MB)`,
        `upstream answers written whole: ${calls.filter((call) => call.answered).length} of ${calls.length}`,
      ].join('\n') + '\n',
    );
    for (const res of opened) res.destroy();
  } finally {
    agent.destroy();
    await gateway.close();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
