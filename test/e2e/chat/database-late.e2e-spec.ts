// A replica restarted while Postgres is unreachable starts anyway: it serves with the spool, is
// ready while the spool can be written, and connects, migrates and replays when the database returns.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditChainVerifier } from '@app/audit';
import request from 'supertest';
import { startGateway } from '../../support/gateway-harness';
import { proxyFor, type TcpProxy } from '../../support/tcp-proxy';

jest.setTimeout(60_000);

describe('starting while the database is unreachable (e2e)', () => {
  it('serves with the spool, then migrates and replays once the database is back', async () => {
    let proxy!: TcpProxy;
    const harness = await startGateway('database_late', {
      databaseUrl: async (url) => {
        proxy = proxyFor(url);
        await proxy.start();
        await proxy.cut();
        return proxy.urlFor(url);
      },
    });
    const spoolDir = join(harness.dataDir, 'spool');
    try {
      // Answers are still durable, on one leg: degraded, which is ready (200).
      const ready = await request(harness.url).get('/v1/health/ready').expect(200);
      expect(ready.body).toMatchObject({
        status: 'degraded',
        checks: { database: { status: 'down' }, audit_spool: { status: 'up', spooled_events: 0 } },
      });
      // Not ready only when the spool cannot be written either (its folder turned into a file).
      rmSync(spoolDir, { recursive: true, force: true });
      writeFileSync(spoolDir, 'not a folder');
      const unready = await request(harness.url).get('/v1/health/ready').expect(503);
      expect(unready.body).toMatchObject({
        status: 'not_ready',
        checks: { audit_spool: { status: 'down' } },
      });
      rmSync(spoolDir, { force: true });

      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const answer = await request(harness.url)
          .post('/v1/chat')
          .send({ messages: [{ role: 'user', content: `hello ${index}` }] })
          .expect(200);
        ids.push(answer.body.request_id);
      }
      const spooling = await request(harness.url).get('/v1/health/ready').expect(200);
      expect(spooling.body).toMatchObject({
        status: 'degraded',
        checks: { audit_spool: { status: 'up', spooled_events: 3 } },
      });

      // The database returns (empty: nothing was migrated yet); the gateway finds it by itself.
      await proxy.start();
      for (let attempt = 0; attempt < 160; attempt += 1) {
        const rows = await harness.auditRows('request_id = ANY($1::uuid[])', [ids]).catch(() => []);
        if (rows.length === ids.length) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const rows = await harness.auditRows('request_id = ANY($1::uuid[])', [ids]);
      expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());
      const back = await request(harness.url).get('/v1/health/ready').expect(200);
      expect(back.body).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up' }, audit_spool: { spooled_events: 0 } },
      });
      expect(await harness.app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true, rows: 3 });
    } finally {
      await harness.close();
      await proxy.cut();
    }
  });
});
