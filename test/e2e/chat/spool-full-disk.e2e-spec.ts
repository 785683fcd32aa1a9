// A spool that runs out of room while Postgres is away. The gateway runs with a file size limit
// (RLIMIT_FSIZE, as `ulimit -f` sets it): the append that crosses it is written short, then
// refused with EFBIG — what a full file system does to the write that meets its end. Such an
// append is not durable, so its request fails closed (503); every request answered 200 keeps
// exactly one row once the database is back, and the chain still verifies, against the signed
// checkpoints the gateway logged too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../../apps/cli/test/cli-harness';
import { type FakeServer, startFakeOllama } from '../../fakes';
import { startGatewayProcess } from '../../support/gateway-process';
import { proxyFor } from '../../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const AUDIT_HMAC_KEY = 'full-disk-test-key-0123456789abcdef012345';

async function rowsFor(url: string, ids: readonly string[]): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ request_id: string }>(
      'SELECT request_id FROM audit_events WHERE request_id = ANY($1::uuid[])',
      [ids],
    );
    return result.rows.map((row) => row.request_id);
  } finally {
    await client.end();
  }
}

describe('a full spool disk (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('full_disk'), startFakeOllama()]);
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  it('fails closed on a short spool write and loses no answered event', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-full-disk-'));
    const gateway = await startGatewayProcess(
      {
        DATABASE_URL: proxy.urlFor(database.url),
        DATA_DIR: dataDir,
        OLLAMA_HOST: ollama.url,
        AUDIT_HMAC_KEY,
        LOG_LEVEL: 'info',
      },
      { fileSizeLimitKib: 6 },
    );
    const base = `http://127.0.0.1:${gateway.port}`;
    try {
      expect((await fetch(`${base}/v1/health/ready`)).status).toBe(200);
      await proxy.cut();
      const answered: string[] = [];
      const refused: string[] = [];
      for (let index = 0; index < 14; index += 1) {
        const response = await fetch(`${base}/v1/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: `hello ${index}` }] }),
        });
        const body = (await response.json()) as { request_id: string; code?: string };
        if (response.status === 200) answered.push(body.request_id);
        else {
          expect({ status: response.status, code: body.code }).toEqual({
            status: 503,
            code: 'AUDIT_UNAVAILABLE',
          });
          refused.push(body.request_id);
        }
      }
      // Some answers fitted in the spool; the one that met the limit, and those after it, did not.
      expect(answered.length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);

      await proxy.start();
      for (
        let attempt = 0;
        attempt < 120 && (await rowsFor(database.url, answered)).length < answered.length;
        attempt += 1
      )
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await rowsFor(database.url, answered)).sort()).toEqual([...answered].sort());
      expect(await rowsFor(database.url, refused)).toEqual([]);
      const metrics = await (await fetch(`${base}/v1/metrics`)).text();
      expect(metrics).toMatch(/^policy_mesh_audit_spool_events 0$/m);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
      await proxy.cut();
    }

    // The chain verifies (the refused answers' seq numbers are recorded gaps), and so do the
    // checkpoints the gateway logged — the last one at shutdown.
    const log = join(dataDir, 'gateway.log');
    writeFileSync(log, gateway.output());
    expect(gateway.output()).toContain('"msg":"audit chain checkpoint"');
    const verified = await runCli(['audit', 'verify', '--checkpoints', log], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      AUDIT_HMAC_KEY,
    });
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(
      /^ok: \d+ rows in 1 chain\(s\) verified; \d+ recorded gap\(s\).*; consistent with \d+ checkpoint\(s\)/m,
    );
    expect(verified.exitCode).toBe(0);
  });
});
