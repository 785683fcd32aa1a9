// The chain anchored outside the database: checkpoints catch what the chain alone cannot (deleted
// tail rows, a deleted chain, TRUNCATE), and the keyed hash catches a row rewritten by someone who
// can write the table but does not hold the key.
import { createHmac, hkdfSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import {
  AuditChainVerifier,
  AuditDatabase,
  AuditPruner,
  AuditQueryService,
  AuditWriter,
  type ChainCheckpoint,
  type CheckpointClaim,
  checkpointsFromLog,
} from '@app/audit';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { TEST_AUDIT_KEY, auditEvent, startAudit, tempDir } from './audit-test-app';

const asClaim = (checkpoint: ChainCheckpoint): CheckpointClaim => ({ source: 'log', ...checkpoint });

/** An auditor's own RFC 8785 for the values a row holds: sorted keys, ECMAScript number and string forms. */
function auditorJcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(auditorJcs).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${auditorJcs((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

describe('audit chain checkpoints', () => {
  let database: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let checkpoint: ChainCheckpoint;
  let ids: string[];

  beforeEach(async () => {
    database = await createTestDatabase('audit_checkpoints');
    app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('checkpoints') });
    const writer = app.get(AuditWriter);
    const events = Array.from({ length: 10 }, (_, index) =>
      auditEvent({ created_at: new Date(Date.UTC(2026, 0, 1 + index)), cost_usd: index / 3 }),
    );
    for (const event of events) await writer.record(event);
    ids = events.map((event) => event.request_id);
    checkpoint = writer.publishCheckpoint()!;
    dataSource = await app.get(AuditDatabase).connection();
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  const verify = (claims: CheckpointClaim[]) =>
    app.get(AuditChainVerifier).verifyChains({ checkpoints: claims });

  it('publishes the committed head and verifies an untouched table against it', async () => {
    expect(checkpoint).toMatchObject({ chain_id: app.get(AuditWriter).stats().chainId, seq: 10 });
    expect(app.get(AuditWriter).stats().chainHeadSeq).toBe(10);
    expect(await verify([asClaim(checkpoint)])).toMatchObject({ ok: true, rows: 10, checkpoints: 1 });
  });

  it('catches deleted tail rows, which the chain alone cannot', async () => {
    await dataSource.query('DELETE FROM audit_events WHERE seq > 7');
    expect(await verify([])).toMatchObject({ ok: true, rows: 7 });
    expect((await verify([asClaim(checkpoint)])).problem).toMatchObject({ kind: 'truncated', seq: 10 });
  });

  it('catches a whole deleted chain and TRUNCATE', async () => {
    await dataSource.query('DELETE FROM audit_events WHERE chain_id = $1', [checkpoint.chain_id]);
    expect((await verify([asClaim(checkpoint)])).problem).toMatchObject({
      kind: 'missing_chain',
      chain_id: checkpoint.chain_id,
    });
    await dataSource.query('TRUNCATE audit_events, audit_chain_prunes, audit_chain_gaps');
    expect(await verify([])).toMatchObject({ ok: true, rows: 0 });
    expect((await verify([asClaim(checkpoint)])).problem).toMatchObject({ kind: 'missing_chain' });
  });

  it('refuses a checkpoint line whose MAC does not match (forged, or signed with another key)', async () => {
    const forged = { ...asClaim(checkpoint), seq: 3 };
    expect((await verify([forged])).problem).toMatchObject({ kind: 'bad_checkpoint', seq: 3 });
  });

  it('catches a rewritten chain whose hashes were recomputed without the key', async () => {
    // Someone with write access rewrites row 10 and gives it a plain SHA-256 "hash".
    await dataSource.query(
      `UPDATE audit_events SET provider = 'openai', hash = encode(sha256(convert_to(request_id::text, 'UTF8')), 'hex') WHERE seq = 10`,
    );
    expect((await verify([])).problem).toMatchObject({ kind: 'altered', seq: 10, request_id: ids[9] });
  });

  it('reads checkpoint lines from a log file among other lines', async () => {
    const file = join(tempDir('log'), 'gateway.log');
    writeFileSync(
      file,
      [
        '{"level":30,"time":1,"msg":"server listening"}',
        'not json at all',
        `2026-01-01T00:00:00Z stdout F ${JSON.stringify({ level: 30, context: 'AuditChain', ...checkpoint, msg: 'audit chain checkpoint' })}`,
        '{"level":30,"msg":"audit chain checkpoint"',
      ].join('\n'),
    );
    const claims = checkpointsFromLog(file);
    expect(claims).toEqual([asClaim(checkpoint)]);
    expect(await verify(claims)).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it('keeps a pruned chain verifiable against its checkpoints, even when every row is pruned', async () => {
    const pruner = app.get(AuditPruner);
    expect(await pruner.prune({ olderThan: new Date(Date.UTC(2026, 0, 5)) })).toMatchObject({ rows: 4 });
    expect(await verify([asClaim(checkpoint)])).toMatchObject({ ok: true, rows: 6 });
    expect(await pruner.prune({ olderThan: new Date(Date.UTC(2027, 0, 1)) })).toMatchObject({ rows: 6 });
    expect(await verify([asClaim(checkpoint)])).toMatchObject({ ok: true, rows: 0 });
    // A prune record invented without the key does not excuse missing rows.
    await dataSource.query(`UPDATE audit_chain_prunes SET pruned_through_seq = 12`);
    expect((await verify([asClaim(checkpoint)])).problem).toMatchObject({ kind: 'altered' });
  });

  it('lets an auditor recompute a row hash from the API body with any JCS implementation', async () => {
    const row = (await app.get(AuditQueryService).findByRequestId(ids[4]!))!;
    const exported = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
    // key_id joins the hashed fields only when set (rows from before the column verify as written).
    const { hash, prev_hash: prevHash, key_id: keyId, ...rest } = exported;
    const fields = keyId === null ? rest : { ...rest, key_id: keyId };
    const chainKey = Buffer.from(
      hkdfSync('sha256', Buffer.from(TEST_AUDIT_KEY), Buffer.alloc(0), 'policy-mesh audit chain v1', 32),
    );
    const recomputed = createHmac('sha256', chainKey)
      .update(`${String(prevHash)}\n${auditorJcs(fields)}`)
      .digest('hex');
    expect(recomputed).toBe(hash);
  });
});
