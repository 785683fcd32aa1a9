// Answers stay durable while Postgres is unreachable (spool), and are replayed when it is back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditWriter } from '@app/audit';
import { startGatewayBehindProxy } from '../../support/gateway-harness';

describe('audit durability through an outage (e2e)', () => {
  it('keeps answering with every event spooled, then replays each exactly once', async () => {
    const { harness, proxy } = await startGatewayBehindProxy('durability');
    try {
      await proxy.cut();
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const response = await request(harness.url)
          .post('/v1/chat')
          .send({ messages: [{ role: 'user', content: `hello ${index}` }] })
          .expect(200);
        ids.push(response.body.request_id);
      }
      const ready = await request(harness.url).get('/v1/health/ready');
      expect(ready.body.details.audit_spool).toMatchObject({ state: 'degraded', spooled_events: 5 });
      expect(await harness.auditRows('request_id = ANY($1::uuid[])', [ids])).toHaveLength(0);

      await proxy.start();
      await harness.app.get(AuditWriter).replaySpool();
      const rows = await harness.auditRows('request_id = ANY($1::uuid[])', [ids]);
      expect(rows.map((row) => row.request_id).sort()).toEqual([...ids].sort());
    } finally {
      await harness.close();
      await proxy.cut();
    }
  });
});

describe('failing closed (e2e)', () => {
  it('answers 503 AUDIT_UNAVAILABLE, without the content, when no durable record can be made', async () => {
    const spoolDir = join(mkdtempSync(join(tmpdir(), 'pm-closed-')), 'spool');
    const { harness, proxy } = await startGatewayBehindProxy('fail_closed', {
      env: { AUDIT_SPOOL_DIR: spoolDir },
    });
    try {
      await proxy.cut();
      // The spool's folder becomes a file: nothing can be appended to it.
      rmSync(spoolDir, { recursive: true, force: true });
      writeFileSync(spoolDir, 'not a folder');
      const response = await request(harness.url)
        .post('/v1/chat')
        .send({ messages: [{ role: 'user', content: 'hello' }] })
        .expect(503);
      expect(response.body).toMatchObject({
        code: 'AUDIT_UNAVAILABLE',
        request_id: response.headers['x-request-id'],
      });
      expect(JSON.stringify(response.body)).not.toContain('local reply');
    } finally {
      rmSync(spoolDir, { force: true });
      await proxy.start();
      await harness.close();
      await proxy.cut();
    }
  });
});
