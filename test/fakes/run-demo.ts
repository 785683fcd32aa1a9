// `npm run demo`: the gateway with built-in demo upstreams — the fake Ollama and fake OpenAI servers
// the tests use, which speak the real wire protocols — so routing, the web UI and the audit trail
// can be seen without a model server or a cloud key. Every answer says it is a demo answer and
// every model name starts with `demo-` (in the answer, the UI and the audit row). Nothing leaves
// this machine. The policy is the "cloud by default, sensitive prompts local" scenario, so both
// tiers show up; POLICY_FILE, DATA_DIR and PORT still apply when set.
import { join } from 'node:path';
import { DEMO_MODEL_ENV, startFakeOllama, startFakeOpenAi } from './index';

const REPO = join(__dirname, '../..');
/** From source (test/fakes) and from the build (dist/test/fakes) alike. */
const ROOT = REPO.endsWith('/dist') ? join(REPO, '..') : REPO;

async function main(): Promise<void> {
  const [openai, ollama] = await Promise.all([
    startFakeOpenAi({ port: Number(process.env.FAKE_OPENAI_PORT ?? 18080), demo: true }),
    startFakeOllama({ port: Number(process.env.FAKE_OLLAMA_PORT ?? 18081), demo: true }),
  ]);
  // The gateway reads these at start; a .env file does not override what is already set.
  process.env.OLLAMA_HOST = ollama.url;
  process.env.OPENAI_BASE_URL = `${openai.url}/v1`;
  process.env.OPENAI_API_KEY = 'demo-key-not-a-secret';
  // Demo model names, so GET /v1/models (and the web UI's banner) says these are demo upstreams.
  for (const [name, value] of Object.entries(DEMO_MODEL_ENV)) process.env[name] ??= value;
  process.env.POLICY_FILE ??= join(ROOT, 'docs/scenarios/cloud-default.policy.json');
  // A folder of its own, so demo rows never mix with a real audit trail.
  process.env.DATA_DIR ??= join(ROOT, '.data/demo');
  const url = `http://127.0.0.1:${process.env.PORT ?? 8000}`;
  process.stderr.write(
    [
      `demo upstreams: fake Ollama at ${ollama.url}, fake OpenAI at ${openai.url} (answers are canned; nothing leaves this machine)`,
      `try: curl -s ${url}/v1/chat -H 'content-type: application/json' -d '{"messages":[{"role":"user","content":"hello"}]}'`,
      `     (goes to the cloud tier), then the same with "confidential" in it (stays local); the web UI is at ${url}/ui`,
      '',
    ].join('\n'),
  );
  await import('../../apps/gateway/src/main');
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `policy-mesh demo: a demo upstream port is in use: set FAKE_OPENAI_PORT and FAKE_OLLAMA_PORT to free ports\n`
      : `policy-mesh demo failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
