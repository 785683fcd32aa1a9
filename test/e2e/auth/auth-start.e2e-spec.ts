// Starting the gateway off loopback, as a real process: without AUTH_MODE it requires keys (and
// says how to make the first one); with AUTH_MODE=none it warns loudly; /v1/metrics needs the scrape
// token or an admin key; and no key reaches the logs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../apps/cli/test/cli-harness';
import { startFakeOllama, type FakeServer } from '../../fakes';
import { type GatewayProcess, startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const SCRAPE_TOKEN = 'prometheus-scrape-token-0123456789';

async function stop(gateway: GatewayProcess | undefined): Promise<void> {
  if (gateway === undefined || gateway.child.exitCode !== null) return;
  gateway.child.kill('SIGTERM');
  await gateway.exited;
}

async function waitForOutput(gateway: GatewayProcess, pattern: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 100 && !pattern.test(gateway.output()); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('starting off loopback (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('auth_start'), startFakeOllama()]);
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-auth-start-')),
      OLLAMA_HOST: ollama.url,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
    };
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  describe('with AUTH_MODE unset', () => {
    let gateway: GatewayProcess;

    beforeAll(async () => {
      gateway = await startGatewayProcess({ ...env, METRICS_BEARER_TOKEN: SCRAPE_TOKEN });
      await waitForOutput(gateway, /NO_ADMIN_KEY/);
    });

    afterAll(() => stop(gateway));

    it('requires keys, and says how to create the first admin key', async () => {
      expect(gateway.output()).toContain('API keys required (HOST=0.0.0.0 is not loopback)');
      expect(gateway.output()).toContain('policy-mesh keys create --name admin --admin');
      const base = `http://127.0.0.1:${gateway.port}`;
      const refused = await fetch(`${base}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(refused.status).toBe(401);
      expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    });

    it('serves /v1/metrics to the scrape token or an admin key only', async () => {
      const base = `http://127.0.0.1:${gateway.port}`;
      expect((await fetch(`${base}/v1/metrics`)).status).toBe(401);
      const scraped = await fetch(`${base}/v1/metrics`, {
        headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
      });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('policy_mesh_auth_rejections_total');

      const created = await runCli(['keys', 'create', '--name', 'ops', '--admin'], env);
      const admin = created.stdout.trim();
      const chat = (await runCli(['keys', 'create', '--name', 'app'], env)).stdout.trim();
      expect((await fetch(`${base}/v1/metrics`, { headers: { 'x-api-key': admin } })).status).toBe(200);
      expect((await fetch(`${base}/v1/metrics`, { headers: { 'x-api-key': chat } })).status).toBe(403);

      // A keyed chat request, a refused one: the access lines are written, the keys are not.
      const answered = await fetch(`${base}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${chat}` },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(answered.status).toBe(200);
      expect((await fetch(`${base}/v1/keys`, { headers: { authorization: `Bearer ${chat}` } })).status).toBe(
        403,
      );
      await waitForOutput(gateway, /"statusCode":403/);
      expect(gateway.output()).toContain('chat request finished');
      for (const key of [admin, chat, SCRAPE_TOKEN]) expect(gateway.output()).not.toContain(key.slice(0, 12));
    });
  });

  describe('with AUTH_MODE=none', () => {
    let gateway: GatewayProcess;

    beforeAll(async () => {
      gateway = await startGatewayProcess({ ...env, AUTH_MODE: 'none' });
      await waitForOutput(gateway, /AUTH_DISABLED/);
    });

    afterAll(() => stop(gateway));

    it('answers without a key, after a loud warning', async () => {
      expect(gateway.output()).toMatch(
        /"level":40.*"code":"AUTH_DISABLED".*AUTH_MODE=none on a non-loopback address/,
      );
      const answered = await fetch(`http://127.0.0.1:${gateway.port}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(answered.status).toBe(200);
    });
  });
});
