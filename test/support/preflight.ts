// What the test suite needs from the machine, checked before anything runs (`npm test` starts
// here, and the medium and e2e tiers' global setup runs it too): Debian's Chromium (the browser
// test), promtool (Debian's `prometheus`, the alert-rule tests) and a reachable PostgreSQL.
//
// A missing tool is installed only when installing is allowed — running as root with CI=true, as
// `bash .ci/run` does — and otherwise the run stops at once with one line naming what is missing
// and the command that installs it. An installed PostgreSQL that is down is started (as root).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { TEST_ADMIN_URL } from './test-database';

export interface Tool {
  /** Commands that provide it, in order of preference. */
  readonly commands: readonly string[];
  readonly debianPackage: string;
  readonly usedBy: string;
}

export const TOOLS = {
  chromium: {
    commands: ['chromium', 'chromium-browser'],
    debianPackage: 'chromium',
    usedBy: 'used by the browser tests in test/e2e/ui',
  },
  promtool: {
    commands: ['promtool'],
    debianPackage: 'prometheus',
    usedBy: 'used by the alert and scrape-config tests in test/e2e/ops',
  },
} as const satisfies Record<string, Tool>;

export type ToolName = keyof typeof TOOLS;

/** Thrown with the one line a user should read; the caller prints it and stops. */
export class PreflightError extends Error {}

/** The absolute path of a tool on PATH, or undefined. */
export function findTool(name: ToolName, path = process.env.PATH ?? ''): string | undefined {
  for (const command of TOOLS[name].commands)
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, command);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
  return undefined;
}

/** Installing packages is for CI machines only: root, CI=true (what `bash .ci/run` runs under). */
export function mayInstall(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.getuid?.() === 0 && env.CI === 'true';
}

function installCommand(packages: readonly string[]): string {
  return `apt-get install -y ${packages.join(' ')}`;
}

/** The path of a tool, installing it first where allowed; PreflightError names what to do otherwise. */
export function requireTool(name: ToolName): string {
  const found = findTool(name);
  if (found !== undefined) return found;
  const tool = TOOLS[name];
  if (mayInstall()) {
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', tool.debianPackage], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findTool(name);
    if (update.status === 0 && install.status === 0 && installed !== undefined) return installed;
  }
  throw new PreflightError(
    `${tool.commands[0]} is missing (${tool.usedBy}): install it with \`${installCommand([tool.debianPackage])}\``,
  );
}

function reachable(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** The machine's PostgreSQL, started when it is installed here and down. */
export async function requirePostgres(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const host = hostname === '' ? '127.0.0.1' : hostname;
  const portNumber = Number(port === '' ? 5432 : port);
  if (await reachable(host, portNumber)) return;
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (local && clusters.length > 0 && process.getuid?.() === 0) {
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0]!, 'main', 'start'], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 30; attempt += 1) {
      if (await reachable(host, portNumber)) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const hint =
    clusters.length > 0
      ? `start it with \`pg_ctlcluster ${clusters[0]} main start\``
      : `install it with \`${installCommand(['postgresql'])}\` (trust auth for a \`test\` database), or set TEST_DATABASE_URL`;
  throw new PreflightError(`PostgreSQL is not reachable at ${host}:${portNumber}: ${hint}`);
}

/** Everything the whole suite needs. */
export async function preflight(tools: readonly ToolName[] = ['promtool', 'chromium']): Promise<void> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    throw new PreflightError(`Node ${process.versions.node} is too old: Policy Mesh needs Node >= 20.19`);
  for (const tool of tools) requireTool(tool);
  await requirePostgres(TEST_ADMIN_URL);
}

/** A test tier's global setup: the machine's PostgreSQL, or one line naming the problem and exit 1. */
export async function requirePostgresForTier(tier: string): Promise<void> {
  try {
    await requirePostgres(TEST_ADMIN_URL);
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stderr.write(`${tier} tests cannot run: ${error.message}\n`);
    process.exit(1);
  }
}

/** Prints the one line and exits 1 on a PreflightError. */
export async function runPreflight(tools?: readonly ToolName[]): Promise<void> {
  try {
    await preflight(tools);
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stderr.write(`npm test cannot run: ${error.message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void runPreflight();
