// The gateway as its own process, started from source the way `main.ts` runs: for what only a real
// process shows (signals, what reaches stdout). Starting fails loudly, with the process's output,
// when the gateway exits or does not answer.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface GatewayProcess {
  readonly port: number;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<void>;
}

export interface GatewayProcessOptions {
  readonly startTimeoutMs?: number;
  /** RLIMIT_FSIZE for the process (`ulimit -f`, in KiB): writes past it are cut short, then EFBIG. */
  readonly fileSizeLimitKib?: number;
}

export async function startGatewayProcess(
  env: Record<string, string>,
  options: GatewayProcessOptions = {},
): Promise<GatewayProcess> {
  const { startTimeoutMs = 40_000 } = options;
  const port = await freePort();
  const node = [
    process.execPath,
    '-r',
    'ts-node/register/transpile-only',
    '-r',
    'tsconfig-paths/register',
    'apps/gateway/src/main.ts',
  ];
  const [command, ...args] =
    options.fileSizeLimitKib === undefined
      ? node
      : ['bash', '-c', `ulimit -f ${options.fileSizeLimitKib} && exec "$@"`, 'bash', ...node];
  const child = spawn(command!, args, {
    cwd: join(__dirname, '../..'),
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      // ts-node's compile cache writes files of its own, which a file size limit would cut short.
      ...(options.fileSizeLimitKib === undefined ? {} : { DISABLE_V8_COMPILE_CACHE: '1' }),
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  // 'close', not 'exit': the last lines written before exiting may still be in the pipe at 'exit'.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`the gateway exited (code ${exitCode}) before it answered:\n${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the gateway did not answer on port ${port} within ${startTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { port, child, output: () => output, exited };
}
