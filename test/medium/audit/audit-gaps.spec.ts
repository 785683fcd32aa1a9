// Only written rows take sequence numbers: a batch that was neither inserted nor spooled (its
// requests failed closed) leaves a recorded gap, which verify tells apart from a removed row.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditChainVerifier, AuditDatabase, AuditWriter } from '@app/audit';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { proxyFor } from '../../support/tcp-proxy';
import { auditEvent, startAudit, tempDir } from './audit-test-app';

/** Makes the spool unwritable: its folder becomes a file (root ignores permissions, not this). */
function breakSpool(spoolDir: string): void {
  rmSync(spoolDir, { recursive: true, force: true });
  writeFileSync(spoolDir, 'not a folder');
}

function repairSpool(spoolDir: string): void {
  rmSync(spoolDir, { force: true });
}

jest.setTimeout(30_000);

describe('audit chain gaps', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase('audit_gaps');
  });

  afterEach(async () => {
    await database.drop();
  });

  it('records the seq numbers of a fail-closed period as a gap, not as removed rows', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const spoolDir = join(tempDir('gaps'), 'spool');
    const app = await startAudit({
      DATABASE_URL: proxy.urlFor(database.url),
      DATA_DIR: tempDir('gaps'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    const writer = app.get(AuditWriter);
    try {
      for (let index = 0; index < 3; index += 1) await writer.record(auditEvent());
      await proxy.cut();
      breakSpool(spoolDir);
      const refused = await Promise.allSettled([writer.record(auditEvent()), writer.record(auditEvent())]);
      expect(refused.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      await writer.record(auditEvent()).catch(() => undefined);

      await proxy.start();
      repairSpool(spoolDir);
      for (let index = 0; index < 3; index += 1) await writer.record(auditEvent());
      await writer.replaySpool();

      const report = await app.get(AuditChainVerifier).verifyChains();
      expect(report).toMatchObject({ ok: true, rows: 6, problem: null });
      expect(report.gaps).toBeGreaterThanOrEqual(1);

      // A row removed for real is still a removed row.
      const dataSource = await app.get(AuditDatabase).connection();
      await dataSource.query('DELETE FROM audit_events WHERE seq = 2');
      expect((await app.get(AuditChainVerifier).verifyChains()).problem).toMatchObject({ kind: 'removed' });
    } finally {
      repairSpool(spoolDir);
      await app.close();
      await proxy.cut();
    }
  });

  it('keeps the chain verifiable when a failed batch was already chained on by the next one in flight', async () => {
    // A trigger refuses one batch at the database; with the spool unwritable it is written nowhere,
    // while the batch after it, already chained on it (two batches in flight), commits.
    const admin = new Client({ connectionString: database.url });
    const spoolDir = join(tempDir('inflight'), 'spool');
    const app = await startAudit({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('inflight'),
      AUDIT_SPOOL_DIR: spoolDir,
      AUDIT_BATCH_MAX: '1',
    });
    await admin.connect();
    try {
      await admin.query(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.endpoint = '/poison' THEN RAISE EXCEPTION 'poisoned batch'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
      breakSpool(spoolDir);
      const writer = app.get(AuditWriter);
      const poisoned = writer.record(auditEvent({ endpoint: '/poison' }));
      const next = writer.record(auditEvent({ endpoint: '/next' }));
      await expect(poisoned).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE' });
      await next;
      await writer.flush();
      await writer.replaySpool();

      const rows = await admin.query<{ endpoint: string; seq: string }>(
        'SELECT endpoint, seq FROM audit_events',
      );
      expect(rows.rows).toEqual([{ endpoint: '/next', seq: '2' }]);
      const gaps = await admin.query<{ from_seq: string; through_seq: string; reason: string }>(
        'SELECT from_seq, through_seq, reason FROM audit_chain_gaps',
      );
      expect(gaps.rows).toEqual([{ from_seq: '1', through_seq: '1', reason: 'audit_unavailable' }]);
      expect(await app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true, rows: 1, gaps: 1 });
      expect(writer.stats().chainHeadSeq).toBe(2);

      // A gap record made up without the key explains nothing.
      await admin.query(`UPDATE audit_chain_gaps SET through_seq = 1, reason = 'maintenance'`);
      expect((await app.get(AuditChainVerifier).verifyChains()).problem).toMatchObject({
        kind: 'altered',
        seq: 1,
      });
    } finally {
      repairSpool(spoolDir);
      await admin.end();
      await app.close();
    }
  });
});
