// The peer of the gateway bench, the Portkey open-source gateway, installed on demand into a cache
// folder of its own: never in the project's lockfile, never in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PORTKEY_VERSION = '1.15.2';

/**
 * Portkey's own lockfile at 1.15.2 pins these. Its package.json allows newer ones, and with
 * @hono/node-server 1.19 every streamed answer fails inside Portkey ("TypeError: immutable": the
 * server's lightweight Response keeps a fetch answer's read-only headers, which Portkey then
 * appends to), so the bench installs what Portkey itself was built and tested with.
 */
const PORTKEY_PINS = { '@hono/node-server': '1.13.5', '@hono/node-ws': '1.2.0', hono: '4.9.7' };

export interface PortkeyInstall {
  readonly dir: string;
  /** The server's entry point (`node start-server.js --port=N --headless`). */
  readonly entry: string;
  /** A preload that binds the server to loopback (Portkey listens on every address otherwise). */
  readonly loopbackPreload: string;
}

/** Where benchmark downloads live: BENCH_CACHE_DIR, else ~/.cache/policy-mesh-bench. */
export function benchCacheDir(): string {
  return process.env.BENCH_CACHE_DIR ?? join(homedir(), '.cache', 'policy-mesh-bench');
}

// Portkey's start-server calls `serve({ port })` with no host; this turns `listen(port)` into
// `listen(port, '127.0.0.1')` before it runs. Plain JS, so the peer's process loads no TypeScript.
const LOOPBACK_PRELOAD = `'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    if (args.length > 1 && args[1] === undefined) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
`;

/** Installs Portkey if it is missing; returns where it is, or why it could not be installed. */
export function ensurePortkey(log: (line: string) => void): PortkeyInstall | { error: string } {
  const dir = join(benchCacheDir(), `portkey-${PORTKEY_VERSION}`);
  const entry = join(dir, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  const loopbackPreload = join(dir, 'bind-loopback.cjs');
  const manifest = {
    private: true,
    description: 'Installed by npm run bench:gateway; safe to delete',
    dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION },
    overrides: PORTKEY_PINS,
  };
  const manifestPath = join(dir, 'package.json');
  const wanted = JSON.stringify(manifest, null, 2);
  const installed =
    existsSync(entry) && existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === wanted;
  if (!installed) {
    log(
      `installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${dir} (once; outside the project's lockfile)`,
    );
    mkdirSync(dir, { recursive: true });
    writeFileSync(manifestPath, wanted);
    // --ignore-scripts: its postinstall (patch-package) only patches its own dev tooling.
    const result = spawnSync(
      'npm',
      ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      { cwd: dir, encoding: 'utf8', timeout: 300_000 },
    );
    if (result.status !== 0 || !existsSync(entry)) {
      // npm's first lines name the cause (e.g. `npm error code ECONNREFUSED`); the rest is advice.
      const why = (result.stderr || result.error?.message || `exit ${result.status}`)
        .trim()
        .split('\n')
        .slice(0, 2);
      return { error: `npm install of @portkey-ai/gateway@${PORTKEY_VERSION} failed: ${why.join(' / ')}` };
    }
  }
  writeFileSync(loopbackPreload, LOOPBACK_PRELOAD);
  return { dir, entry, loopbackPreload };
}
