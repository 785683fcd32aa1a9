// `npm test` on a machine without its tools stops at once with one line naming what is missing
// and the command that installs it (CI=true as root installs instead; not exercised here).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../support/preflight';

const repo = join(__dirname, '../../..');

/** A PATH holding node and the named tools only. */
function pathWith(tools: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-path-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  for (const tool of tools) symlinkSync(findTool(tool as 'promtool' | 'chromium')!, join(dir, tool));
  return dir;
}

function preflight(path: string) {
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/support/preflight.ts'], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: path, HOME: process.env.HOME },
    timeout: 60_000,
  });
}

describe('npm test preflight', () => {
  it('names promtool and the Debian package that brings it when promtool is missing', () => {
    const result = preflight(pathWith(['chromium']));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/promtool is missing .*install it with `apt-get install -y prometheus`/),
    ]);
  });

  it('names chromium when only the browser is missing', () => {
    const result = preflight(pathWith(['promtool']));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/chromium is missing .*install it with `apt-get install -y chromium`/),
    ]);
  });

  it('passes when the tools and PostgreSQL are there', () => {
    const result = preflight(pathWith(['promtool', 'chromium']));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
