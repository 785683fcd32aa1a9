// `npm run fakes`: both fake upstreams as a process, for demos and benchmarks.
// FAKE_STREAM_CHUNKS and FAKE_STREAM_INTERVAL_MS pace every streamed answer like a slow model
// (e.g. 20 and 50); FAKE_RECORD=0 keeps no request in memory (long benchmarks).
import type { StreamShape } from './fake-server';
import { startFakeOllama, startFakeOpenAi } from './index';

function streamShapeFromEnv(): StreamShape | undefined {
  const chunks = Number(process.env.FAKE_STREAM_CHUNKS ?? 0);
  if (!Number.isInteger(chunks) || chunks <= 0) return undefined;
  return { chunks, intervalMs: Math.max(0, Number(process.env.FAKE_STREAM_INTERVAL_MS ?? 50)) };
}

async function main(): Promise<void> {
  const options = { streamShape: streamShapeFromEnv(), record: process.env.FAKE_RECORD !== '0' };
  const openai = await startFakeOpenAi({ ...options, port: Number(process.env.FAKE_OPENAI_PORT ?? 18080) });
  const ollama = await startFakeOllama({ ...options, port: Number(process.env.FAKE_OLLAMA_PORT ?? 18081) });
  process.stdout.write(`OPENAI_BASE_URL=${openai.url}/v1\nOLLAMA_HOST=${ollama.url}\n`);
  const stop = () => void Promise.all([openai.close(), ollama.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
