// Answers stay durable while Postgres is unreachable (spool), and are replayed when it is back.
import request from 'supertest';
import { AuditWriter } from '@app/audit';
import { startGateway } from '../../support/gateway-harness';
import { proxyFor, type TcpProxy } from '../../support/tcp-proxy';

describe('audit durability through an outage (e2e)', () => {
  it('keeps answering with every event spooled, then replays each exactly once', async () => {
    let proxy!: TcpProxy;
    const harness = await startGateway('durability', {
      databaseUrl: async (url) => {
        proxy = proxyFor(url);
        await proxy.start();
        return proxy.urlFor(url);
      },
    });
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
