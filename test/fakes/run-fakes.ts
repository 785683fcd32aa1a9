// `npm run fakes`: both fake upstreams as a process, for demos and benchmarks.
import { startFakeOllama, startFakeOpenAi } from './index';

async function main(): Promise<void> {
  const openai = await startFakeOpenAi({ port: Number(process.env.FAKE_OPENAI_PORT ?? 18080) });
  const ollama = await startFakeOllama({ port: Number(process.env.FAKE_OLLAMA_PORT ?? 18081) });
  process.stdout.write(`OPENAI_BASE_URL=${openai.url}/v1\nOLLAMA_HOST=${ollama.url}\n`);
  const stop = () => void Promise.all([openai.close(), ollama.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
