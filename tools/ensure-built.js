#!/usr/bin/env node
// Builds dist/ with the Nest CLI's SWC builder only when a source file changed since the last
// build, so `npm start`, `npm run cli` and `npm run demo` start at once on an unchanged tree.
// The fingerprint is every source file's path, size and modification time: cheap to take (a few
// hundred stat calls) and it changes on any edit, checkout, added or removed file. Type checking
// is not done here (SWC only strips types): `npm run typecheck` and `npm test` do it.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-fingerprint');
/** What nest-cli.json's SWC builder compiles, plus the files that change how it compiles. */
const SOURCE_DIRS = ['apps/gateway/src', 'apps/cli/src', 'libs', 'migrations', 'test/fakes'];
const BUILD_FILES = ['nest-cli.json', 'tsconfig.json', 'package-lock.json'];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name)) out.push(path);
  }
}

/** A hash over every input of the build, or null where there are no sources (an installed image). */
function fingerprint() {
  const files = [];
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir), files);
  if (files.length === 0) return null;
  files.push(...BUILD_FILES.map((file) => join(ROOT, file)).filter((file) => existsSync(file)));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const stat = statSync(file);
    hash.update(`${relative(ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Builds when the sources changed; returns whether it built. Build output goes to stderr. */
function ensureBuilt() {
  const current = fingerprint();
  if (current === null) return false;
  const previous = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (previous === current) return false;
  const nest = join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
  if (!existsSync(nest)) {
    process.stderr.write('policy-mesh: sources changed but the Nest CLI is not installed: run `npm ci`\n');
    process.exit(1);
  }
  process.stderr.write(previous === '' ? 'building dist/ …\n' : 'sources changed: rebuilding dist/ …\n');
  // stdout is kept clean for the command that runs next (`npm run cli -- … --json`).
  const build = spawnSync(process.execPath, [nest, 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    process.stderr.write('policy-mesh: the build failed (see above); `npm run typecheck` names type errors\n');
    process.exit(build.status ?? 1);
  }
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMP, `${current}\n`);
  return true;
}

module.exports = { ensureBuilt, fingerprint };

if (require.main === module) ensureBuilt();
