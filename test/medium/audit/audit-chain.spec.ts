// Tamper evidence and retention against the real Postgres.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AuditChainVerifier, AuditDatabase, AuditPruner, AuditWriter } from '@app/audit';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { auditEvent, startAudit, tempDir } from './audit-test-app';

describe(AuditChainVerifier.name, () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let ids: string[];

  beforeEach(async () => {
    database = await createTestDatabase('audit_chain');
    app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('chain') });
    // Every third request came with an API key: key_id is chained only when set.
    const events = Array.from({ length: 12 }, (_, index) =>
      auditEvent({
        created_at: new Date(Date.UTC(2026, 0, 1 + index)),
        key_id: index % 3 === 0 ? randomUUID() : null,
      }),
    );
    for (const event of events) await app.get(AuditWriter).record(event);
    ids = events.map((event) => event.request_id);
    dataSource = await app.get(AuditDatabase).connection();
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  it('passes an untouched chain and reports progress', async () => {
    const progress: number[] = [];
    const report = await app
      .get(AuditChainVerifier)
      .verifyChains({ onProgress: (p) => progress.push(p.rowsChecked) });
    expect(report).toEqual({ ok: true, chains: 1, rows: 12, gaps: 0, checkpoints: 0, problem: null });
    expect(progress.at(-1)).toBe(12);
  });

  it('catches an altered row', async () => {
    await dataSource.query(`UPDATE audit_events SET provider = 'cloud' WHERE request_id = $1`, [ids[4]]);
    const report = await app.get(AuditChainVerifier).verifyChains();
    expect(report.problem).toMatchObject({ kind: 'altered', seq: 5, request_id: ids[4] });
  });

  it.each([
    ['erased', 3, 'NULL'],
    ['pinned on a request that had none', 4, 'gen_random_uuid()'],
    ['moved to another key', 6, 'gen_random_uuid()'],
  ])('catches a key id %s', async (_what, index, value) => {
    await dataSource.query(`UPDATE audit_events SET key_id = ${value} WHERE request_id = $1`, [ids[index]]);
    const report = await app.get(AuditChainVerifier).verifyChains();
    expect(report.problem).toMatchObject({ kind: 'altered', seq: index + 1, request_id: ids[index] });
  });

  it('catches a removed row', async () => {
    await dataSource.query('DELETE FROM audit_events WHERE request_id = $1', [ids[6]]);
    const report = await app.get(AuditChainVerifier).verifyChains();
    expect(report.problem).toMatchObject({ kind: 'removed', seq: 8 });
  });

  it('catches an inserted row', async () => {
    await dataSource.query(
      `INSERT INTO audit_events (request_id, created_at, endpoint, status, reason_codes, prompt_length, message_count, prompt_flags,
         latency_ms, stream, chain_id, seq, prev_hash, hash)
       SELECT gen_random_uuid(), now(), endpoint, status, reason_codes, 1, 1, '{}', 1, false, chain_id, 13, repeat('1', 64), repeat('2', 64)
         FROM audit_events WHERE seq = 12`,
    );
    const report = await app.get(AuditChainVerifier).verifyChains();
    expect(report.problem).toMatchObject({ kind: 'inserted', seq: 13 });
  });

  it('prunes old rows in batches and leaves the rest verifiable', async () => {
    const dry = await app.get(AuditPruner).prune({ olderThan: new Date(Date.UTC(2026, 0, 6)), dryRun: true });
    expect(dry).toMatchObject({ rows: 5, dryRun: true });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM audit_events')).toEqual([{ n: 12 }]);

    const report = await app
      .get(AuditPruner)
      .prune({ olderThan: new Date(Date.UTC(2026, 0, 6)), batchSize: 2 });
    expect(report).toMatchObject({ rows: 5, chains: 1, dryRun: false });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM audit_events')).toEqual([{ n: 7 }]);
    expect(await app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true, rows: 7 });

    // Tampering after a prune is still caught.
    await dataSource.query('DELETE FROM audit_events WHERE request_id = $1', [ids[5]]);
    expect((await app.get(AuditChainVerifier).verifyChains()).problem).toMatchObject({ kind: 'removed' });
  });
});
