// What the Dockerfile assumes, run outside a container (no Docker engine here): in a temporary
// copy, build both apps, prune to production dependencies, start the gateway as the image does
// (HOST=0.0.0.0, NODE_ENV=production, its NODE_OPTIONS) against the real Postgres, and pass readiness and the
// HEALTHCHECK command; the CLI works from the same pruned copy.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOllama } from '../../fakes';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(240_000);

const repo = join(__dirname, '../../..');

function healthcheckCommand(): string[] {
  const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8');
  const match = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(dockerfile);
  if (match === null) throw new Error('no HEALTHCHECK CMD in docker/Dockerfile');
  return JSON.parse(match[1]!) as string[];
}

/** The heap limit the image sets in NODE_OPTIONS, so the rehearsal runs with the same flags. */
function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8');
  const match = /^\s*NODE_OPTIONS=(\S+)/m.exec(dockerfile);
  if (match === null) throw new Error('no NODE_OPTIONS in docker/Dockerfile');
  return match[1]!;
}

/** The image's CMD (`["node", "<entry>"]`), so the rehearsal starts what the image starts. */
function imageEntry(): string {
  const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8');
  const match = /^CMD \["node", "([^"]+)"\]/m.exec(dockerfile);
  if (match === null) throw new Error('no CMD ["node", …] in docker/Dockerfile');
  return match[1]!;
}

describe('the container image, rehearsed outside a container', () => {
  let copy: string;
  let database: TestDatabase;
  let ollama: FakeServer;
  let gateway: ChildProcess | undefined;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'pm-image-'));
    for (const entry of [
      'package.json',
      'package-lock.json',
      '.npmrc',
      'nest-cli.json',
      'tsconfig.json',
      'apps',
      'libs',
      'node_modules',
    ]) {
      cpSync(join(repo, entry), join(copy, entry), { recursive: true, verbatimSymlinks: true });
    }
    [database, ollama] = await Promise.all([createTestDatabase('image'), startFakeOllama()]);
  });

  afterAll(async () => {
    gateway?.kill('SIGKILL');
    await ollama?.close();
    await database?.drop();
    rmSync(copy, { recursive: true, force: true });
  });

  it('builds, prunes to production dependencies, and serves readiness on 0.0.0.0', async () => {
    // As the Dockerfile does: one SWC pass, with an empty test/fakes (the image ships no fakes).
    mkdirSync(join(copy, 'test/fakes'), { recursive: true });
    const build = spawnSync(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build'], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(build.stderr + build.stdout).not.toMatch(/error/i);
    expect(build.status).toBe(0);
    const prune = spawnSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(prune.status).toBe(0);
    expect(existsSync(join(copy, 'node_modules/jest'))).toBe(false);

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NODE_OPTIONS: imageNodeOptions(),
      HOST: '0.0.0.0',
      PORT: String(port),
      DATABASE_URL: database.url,
      AUDIT_HMAC_KEY: 'an-image-test-key-that-is-long-enough-0123',
      OLLAMA_HOST: ollama.url,
      DATA_DIR: join(copy, 'data'),
      POLICY_FILE: join(repo, 'docs/examples/policy.json'),
    };
    gateway = spawn(process.execPath, [imageEntry()], {
      cwd: copy,
      env,
      stdio: 'ignore',
    });

    let ready = 0;
    for (let attempt = 0; attempt < 60 && ready !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await fetch(`http://127.0.0.1:${port}/v1/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
    }
    expect(ready).toBe(200);

    const [command, ...args] = healthcheckCommand();
    expect(command).toBe('node');
    const probe = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 10_000 });
    expect(probe.status).toBe(0);

    const cli = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'db', 'status'], {
      cwd: copy,
      env,
      encoding: 'utf8',
    });
    expect(cli.stdout).toContain('applied  CreateAuditEvents1795400000000');

    // SIGTERM drains and exits cleanly.
    const exited = new Promise<number | null>((resolve) => gateway!.once('exit', (code) => resolve(code)));
    gateway.kill('SIGTERM');
    await exited;
    gateway = undefined;
    const down = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 10_000 });
    expect(down.status).toBe(1);
  });
});
