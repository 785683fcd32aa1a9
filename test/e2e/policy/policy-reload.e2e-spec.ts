// Policy reload on a real gateway process: SIGHUP reloads (and never ends the process), an
// oversized policy is refused while the previous one keeps serving.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayProcess, startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const policyWith = (keyword: string) => ({
  sensitivity: { keywords: [keyword] },
  cost: { max_prompt_length_for_local: 0, default_provider: 'cloud' },
});

async function routes(gateway: GatewayProcess): Promise<{ version: string; warnings: string[] }> {
  const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/routes`);
  expect(response.status).toBe(200);
  return (await response.json()) as { version: string; warnings: string[] };
}

async function providerFor(gateway: GatewayProcess, content: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/route/explain`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content }] }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { provider: string }).provider;
}

const linesWith = (gateway: GatewayProcess, ...parts: string[]) =>
  gateway
    .output()
    .split('\n')
    .filter((line) => parts.every((part) => line.includes(part))).length;

/** Waits (bounded) until the gateway's log shows `count` lines containing every one of `parts`. */
async function logLines(gateway: GatewayProcess, count: number, ...parts: string[]): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (linesWith(gateway, ...parts) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} log line(s) with ${parts.join(' + ')}; output:\n${gateway.output()}`);
}

describe('policy reload on a running gateway (e2e)', () => {
  let database: TestDatabase;
  let gateway: GatewayProcess;
  let policyFile: string;

  beforeAll(async () => {
    database = await createTestDatabase('policy_reload');
    const dir = mkdtempSync(join(tmpdir(), 'pm-policy-reload-'));
    policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(policyWith('alpha')));
    gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      POLICY_FILE: policyFile,
      LOG_LEVEL: 'info',
      // As `npm start` and the image run it: what is accepted must fit this heap.
      NODE_OPTIONS: '--max-old-space-size=256',
    });
  });

  afterAll(async () => {
    if (gateway.child.exitCode === null) {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
    await database.drop();
  });

  it('reloads on every SIGHUP and keeps answering with the new policy', async () => {
    expect(await providerFor(gateway, 'the alpha plan')).toBe('local');
    for (const [round, keyword] of ['bravo', 'charlie', 'delta'].entries()) {
      writeFileSync(policyFile, JSON.stringify(policyWith(keyword)));
      gateway.child.kill('SIGHUP');
      // The file watch may see the write too; the signal's own reload is what is awaited here.
      await logLines(gateway, round + 1, 'policy reloaded', '"trigger":"SIGHUP"');
      expect(gateway.child.exitCode).toBeNull();
      expect(await providerFor(gateway, `the ${keyword} plan`)).toBe('local');
      expect(await providerFor(gateway, 'the alpha plan')).toBe('cloud');
    }
  });

  it('reports a misspelt key on reload in the log and in /v1/routes', async () => {
    const warned = linesWith(gateway, 'policy has unknown keys');
    writeFileSync(
      policyFile,
      JSON.stringify({ ...policyWith('delta'), fallbak: { on_cloud_failure: 'fail' } }),
    );
    gateway.child.kill('SIGHUP');
    await logLines(gateway, warned + 1, 'policy has unknown keys', 'did you mean `fallback`?');
    expect((await routes(gateway)).warnings).toEqual([
      'fallbak: unknown key, ignored; did you mean `fallback`?',
    ]);
  });

  it('refuses a 200,001-keyword policy on reload and keeps serving with the old one', async () => {
    const before = await routes(gateway);
    const keywords = Array.from({ length: 200_001 }, (_, index) => `keyword-${index}`);
    writeFileSync(policyFile, JSON.stringify({ ...policyWith('unused'), sensitivity: { keywords } }));
    const refusedBefore = linesWith(gateway, 'policy reload refused', '"trigger":"SIGHUP"');
    gateway.child.kill('SIGHUP');
    await logLines(gateway, refusedBefore + 1, 'policy reload refused', '"trigger":"SIGHUP"');
    expect(gateway.output()).toMatch(/policy file is \d+ bytes; the limit is/);
    expect(gateway.child.exitCode).toBeNull();
    expect((await routes(gateway)).version).toBe(before.version);
    expect(await providerFor(gateway, 'the delta plan')).toBe('local');
  });
});
