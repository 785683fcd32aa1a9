// A fresh clone of this repository in a temporary folder, driven the way a newcomer drives it:
// `npm ci`, `npm start`, `npm run demo`, `npm run cli`. Used by the first-run test (which checks
// what a newcomer sees) and the first-run benchmark (which times it).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(__dirname, '../..');

export interface Clone {
  readonly dir: string;
  remove(): void;
}

/** `git clone` of the committed HEAD: what a newcomer gets, without this tree's dist/ or node_modules. */
export function cloneRepository(): Clone {
  const dir = join(mkdtempSync(join(tmpdir(), 'pm-clone-')), 'policy-mesh');
  const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, dir], { encoding: 'utf8' });
  if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
  return { dir, remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }) };
}

/** The environment of a newcomer's shell: no provider settings, a port of the caller's choosing. */
export function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // An Ollama that is not there: the port is closed.
    OLLAMA_HOST: 'http://127.0.0.1:9',
    ...extra,
  };
}

export function runSync(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

export interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  readonly exited: Promise<number | null>;
  /** Seconds from spawn until GET /v1/health answered, or null when it never did. */
  readonly readySeconds: number | null;
}

/** Spawns an npm script and waits until the gateway it starts answers on `port`. */
export async function startScript(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 120_000,
): Promise<Running> {
  const started = performance.now();
  const child = spawn('npm', args, { cwd: dir, env, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let alive = true;
  child.once('exit', () => (alive = false));
  // 'close', not 'exit': npm exits on SIGTERM while the gateway under it still drains and writes its
  // last lines into the same pipe; 'close' waits for every process holding it.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let readySeconds: number | null = null;
  while (alive && performance.now() - started < timeoutMs) {
    const ok = await fetch(`http://127.0.0.1:${port}/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      readySeconds = (performance.now() - started) / 1000;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited, readySeconds };
}

/** SIGTERM to the npm process group (npm and the node process under it), then wait. */
export async function stopScript(running: Running): Promise<void> {
  try {
    process.kill(-running.child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  await running.exited;
}

export const randomPort = () => 20_000 + Math.floor(Math.random() * 20_000);
