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

export async function startGatewayProcess(
  env: Record<string, string>,
  { startTimeoutMs = 40_000 }: { readonly startTimeoutMs?: number } = {},
): Promise<GatewayProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gateway/src/main.ts'],
    { cwd: join(__dirname, '../..'), env: { PATH: process.env.PATH, PORT: String(port), ...env } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
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
