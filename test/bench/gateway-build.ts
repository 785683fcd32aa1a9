// The gateway as production runs it is the built one: where dist/ keeps its entry point, and
// rebuilding it first when the sources changed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../..');

/** The entry point as the SWC builder lays dist/ out, then as tsc did (the newest one wins). */
const ENTRY_CANDIDATES = ['dist/apps/gateway/src/main.js', 'dist/apps/gateway/apps/gateway/src/main.js'];

/** The built gateway's main.js, or undefined when there is no build yet. */
export function gatewayEntry(): string | undefined {
  return ENTRY_CANDIDATES.map((path) => join(REPO_ROOT, path))
    .filter((path) => existsSync(path))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** Whether a source file of the gateway is newer than its build (or there is no build). */
function buildIsStale(): boolean {
  const entry = gatewayEntry();
  if (entry === undefined) return true;
  const builtAt = statSync(entry).mtimeMs;
  for (const dir of ['apps/gateway', 'libs']) {
    const root = join(REPO_ROOT, dir);
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
      if (statSync(join(root, file)).mtimeMs > builtAt) return true;
  }
  return false;
}

/**
 * `auto`: the project's own "build when sources changed" step where it has one
 * (tools/ensure-built.js), else `nest build` when a source is newer than dist/; `always`:
 * `nest build`; `never`: dist/ as it is.
 */
export function buildGateway(mode: 'auto' | 'always' | 'never', log: (line: string) => void): string {
  const ensureBuilt = join(REPO_ROOT, 'tools/ensure-built.js');
  if (mode === 'auto' && existsSync(ensureBuilt)) {
    execFileSync(process.execPath, [ensureBuilt], { cwd: REPO_ROOT, stdio: 'inherit' });
  } else if (mode === 'always' || (mode === 'auto' && buildIsStale())) {
    log('building the gateway (nest build)');
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/nest'), ['build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const entry = gatewayEntry();
  if (entry === undefined) throw new Error('no built gateway in dist/ (run without --no-build)');
  return entry;
}
