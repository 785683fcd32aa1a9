// Starting each contender of the gateway bench the way it runs for real, all pointed at one fake
// OpenAI upstream and all asked the same thing: POST /v1/chat/completions.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApiKey } from '@app/identity';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { freePort, startProcess, stopProcess, type BenchProcess } from './bench-processes';
import type { ContenderId } from './gateway-bench-options';
import type { PortkeyInstall } from './portkey-install';

const REPO_ROOT = join(__dirname, '../..');
export const CHAT_PATH = '/v1/chat/completions';
/** The upstream's key: the fake accepts any; Portkey forwards it, the gateway has its own. */
const UPSTREAM_KEY = 'sk-bench-upstream-key';

export interface Contender {
  readonly id: ContenderId;
  /** The chat endpoint, e.g. http://127.0.0.1:40123/v1/chat/completions. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The contender's own process; none for the upstream alone. */
  readonly process?: BenchProcess;
  /** Its database on the machine's Postgres, for backend CPU and audit counts. */
  readonly databaseName?: string;
}

export interface Upstream {
  readonly process: BenchProcess;
  /** http://127.0.0.1:PORT, the fake OpenAI server. */
  readonly origin: string;
  /** The fake Ollama beside it (the gateway's local provider, which the bench never routes to). */
  readonly ollamaOrigin: string;
}

/** The environment every child starts from: enough to run node, nothing from the caller's shell. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production' };
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return env;
}

export async function startUpstream(runDir: string, chunks: number, intervalMs: number): Promise<Upstream> {
  const [openaiPort, ollamaPort] = [await freePort(), await freePort()];
  const process_ = await startProcess({
    name: 'fake upstream',
    args: ['-r', 'ts-node/register/transpile-only', 'test/fakes/run-fakes.ts'],
    cwd: REPO_ROOT,
    env: {
      ...baseEnv(),
      FAKE_OPENAI_PORT: String(openaiPort),
      FAKE_OLLAMA_PORT: String(ollamaPort),
      FAKE_STREAM_CHUNKS: String(chunks),
      FAKE_STREAM_INTERVAL_MS: String(intervalMs),
      FAKE_RECORD: '0',
    },
    logFile: join(runDir, 'upstream.log'),
    readyUrl: `http://127.0.0.1:${openaiPort}/v1/models`,
  });
  return {
    process: process_,
    origin: `http://127.0.0.1:${openaiPort}`,
    ollamaOrigin: `http://127.0.0.1:${ollamaPort}`,
  };
}

export function directContender(upstream: Upstream): Contender {
  return {
    id: 'direct',
    url: `${upstream.origin}${CHAT_PATH}`,
    headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
  };
}

export async function startBareProxy(runDir: string, upstream: Upstream): Promise<Contender> {
  // Plain JavaScript, so the floor's process carries no TypeScript compiler in its memory.
  const source = readFileSync(join(__dirname, 'bare-proxy.ts'), 'utf8');
  const script = join(runDir, 'bare-proxy.js');
  writeFileSync(
    script,
    transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } })
      .outputText,
  );
  const port = await freePort();
  const process_ = await startProcess({
    name: 'bare proxy',
    args: [script],
    env: { ...baseEnv(), PORT: String(port), UPSTREAM: upstream.origin },
    logFile: join(runDir, 'bare.log'),
    readyUrl: `http://127.0.0.1:${port}/v1/models`,
  });
  return {
    id: 'bare',
    url: `http://127.0.0.1:${port}${CHAT_PATH}`,
    headers: { authorization: `Bearer ${UPSTREAM_KEY}` },
    process: process_,
  };
}

export async function startPortkey(
  runDir: string,
  upstream: Upstream,
  install: PortkeyInstall,
): Promise<Contender> {
  const port = await freePort();
  const process_ = await startProcess({
    name: 'Portkey',
    // As its README runs it (`npx @portkey-ai/gateway`), without the UI and its log stream.
    args: ['--require', install.loopbackPreload, install.entry, `--port=${port}`, '--headless'],
    cwd: install.dir,
    env: baseEnv(),
    logFile: join(runDir, 'portkey.log'),
    readyUrl: `http://127.0.0.1:${port}/`,
  });
  return {
    id: 'portkey',
    url: `http://127.0.0.1:${port}${CHAT_PATH}`,
    // Portkey's way to reach an OpenAI-compatible server of one's own.
    headers: {
      authorization: `Bearer ${UPSTREAM_KEY}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${upstream.origin}/v1`,
    },
    process: process_,
  };
}

/** Every benchmark prompt goes to the cloud provider, i.e. the same fake OpenAI the others call. */
const BENCH_POLICY = {
  sensitivity: { keywords: ['internal', 'confidential', 'secret'] },
  cost: { max_prompt_length_for_local: 0, default_provider: 'cloud' },
  fallback: { on_cloud_failure: 'fail' },
};

export interface GatewayStart {
  readonly id: Extract<ContenderId, 'gateway' | 'auth' | 'embedded' | 'before'>;
  /** The built main.js (see gateway-build.ts). */
  readonly entry: string;
  /** A database on the machine's Postgres; none: the embedded database under DATA_DIR. */
  readonly database?: { readonly name: string; readonly url: string };
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** The policy file's content; the bench's all-cloud policy when omitted. */
  readonly policy?: object;
}

export async function startGateway(
  runDir: string,
  upstream: Pick<Upstream, 'origin' | 'ollamaOrigin'>,
  start: GatewayStart,
): Promise<Contender> {
  const port = await freePort();
  const dataDir = join(runDir, start.id);
  mkdirSync(dataDir, { recursive: true });
  const policyFile = join(runDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(start.policy ?? BENCH_POLICY, null, 2));
  const process_ = await startProcess({
    name: `gateway (${start.id})`,
    // As `npm start` and the container image run it: the built code, a 256 MB heap.
    args: ['--max-old-space-size=256', start.entry],
    // Not the repository: a developer's .env there would change what is measured.
    cwd: dataDir,
    env: {
      ...baseEnv(),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      POLICY_FILE: policyFile,
      OLLAMA_HOST: upstream.ollamaOrigin,
      OPENAI_BASE_URL: `${upstream.origin}/v1`,
      OPENAI_API_KEY: UPSTREAM_KEY,
      AUDIT_HMAC_KEY: `bench-${randomBytes(24).toString('hex')}`,
      AUDIT_DURABILITY: 'commit',
      LOG_LEVEL: 'info',
      AUTH_MODE: 'none',
      ...(start.database === undefined ? {} : { DATABASE_URL: start.database.url }),
      ...start.extraEnv,
    },
    logFile: join(runDir, `${start.id}.log`),
    readyUrl: `http://127.0.0.1:${port}/v1/health/ready`,
    // The embedded database's first start creates and migrates it.
    readyTimeoutMs: 180_000,
  });
  return {
    id: start.id,
    url: `http://127.0.0.1:${port}${CHAT_PATH}`,
    headers: {},
    process: process_,
    databaseName: start.database?.name,
  };
}

async function post(
  url: string,
  body: object,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}

/**
 * The gateway started with AUTH_MODE=keys and an ADMIN_API_KEY: a chat key for the bench, as a
 * client would hold one, or why the variant cannot run on this build (issue 13 not landed yet).
 */
export async function authKeyFor(
  contender: Contender,
  adminKey: string,
  body: object,
): Promise<{ key: string } | { skip: string }> {
  const anonymous = await post(contender.url, body);
  if (anonymous.status === 200)
    return {
      skip: 'it answered a request without a key, so this build has no AUTH_MODE=keys yet (issue 13)',
    };
  if (anonymous.status !== 401) return { skip: `a request without a key got ${anonymous.status}, not 401` };
  const origin = new URL(contender.url).origin;
  const created = await post(
    `${origin}/v1/keys`,
    { name: 'bench', scopes: ['chat'] },
    { authorization: `Bearer ${adminKey}` },
  );
  const createdKey = (created.json as { key?: unknown } | null)?.key;
  const key = created.status === 201 && typeof createdKey === 'string' ? createdKey : adminKey;
  const check = await post(contender.url, body, { authorization: `Bearer ${key}` });
  if (check.status !== 200) return { skip: `a request with a valid key got ${check.status}` };
  return { key };
}

/** An admin key in the format (`pm_` + 32 random bytes in base62). */
export function newAdminKey(): string {
  return generateApiKey();
}

export async function stopContender(contender: Contender): Promise<void> {
  if (contender.process !== undefined) await stopProcess(contender.process);
}
