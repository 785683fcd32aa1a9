// The processes of a gateway bench run: each contender and the upstream in a process of its own,
// children of the bench (one process tree), stopped with it however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  /** The last lines the process wrote (for a failure message). */
  tail(lines?: number): string;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A free loopback port (the kernel's pick; released before the contender binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export interface StartOptions {
  readonly name: string;
  readonly args: readonly string[];
  /** The whole environment of the child: nothing leaks in from the shell (e.g. DATABASE_URL). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Output goes here rather than through a pipe the bench would have to drain. */
  readonly logFile: string;
  /** Ready when this URL answers anything below 500 (GET). */
  readonly readyUrl: string;
  readonly readyTimeoutMs?: number;
}

export async function startProcess(options: StartOptions): Promise<BenchProcess> {
  const log = createWriteStream(options.logFile);
  await new Promise((resolve) => log.once('open', resolve));
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ['ignore', log, log],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => running.delete(child));
  const tail = (lines = 15) => {
    try {
      return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`${options.name} exited (${exitCode}) before it was ready:\n${tail()}`);
    const status = await fetch(options.readyUrl, { signal: AbortSignal.timeout(2000) }).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status;
      },
      () => 0,
    );
    if (status > 0 && status < 500)
      return { name: options.name, child, pid: child.pid!, logFile: options.logFile, tail };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 90_000} ms:\n${tail()}`);
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(proc: BenchProcess, graceMs = 15_000): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
