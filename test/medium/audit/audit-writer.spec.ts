// The audit writer against the real Postgres: group commit, durability, outage and replay.
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditChainVerifier, AuditDatabase, AuditWriter, PromptFingerprinter } from '@app/audit';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { proxyFor } from '../../support/tcp-proxy';
import { auditEvent, startAudit, tempDir } from './audit-test-app';

async function countRows(url: string, where = 'true', params: unknown[] = []): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM audit_events WHERE ${where}`,
      params,
    );
    return Number(result.rows[0]!.count);
  } finally {
    await client.end();
  }
}

describe(AuditWriter.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('audit_writer');
  });

  afterAll(async () => {
    await database.drop();
  });

  it('writes many concurrent events in a few multi-row batches', async () => {
    const app = await startAudit({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('batch'),
      AUDIT_FLUSH_MS: '20',
    });
    const writer = app.get(AuditWriter);
    const batches: number[] = [];
    writer.onBatch((size) => batches.push(size));
    const events = Array.from({ length: 300 }, () => auditEvent({ endpoint: '/batch' }));
    await Promise.all(events.map((event) => writer.record(event)));
    await app.close();
    expect(await countRows(database.url, `endpoint = '/batch'`)).toBe(300);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(300);
    expect(batches.length).toBeLessThanOrEqual(5);
  });

  it('writes a row whose upstream-reported text carries a NUL, and its chain still verifies', async () => {
    const app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('nul') });
    const event = auditEvent({ model: 'llama\u0000evil', endpoint: '/nul' });
    await app.get(AuditWriter).record(event);
    expect(
      await countRows(database.url, `request_id = $1 AND model = $2`, [event.request_id, 'llama\uFFFDevil']),
    ).toBe(1);
    expect(await app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true });
    await app.close();
  });

  it('settles a commit-durability record only once the row is committed', async () => {
    const app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('commit') });
    const event = auditEvent();
    await app.get(AuditWriter).record(event);
    // A separate connection sees it at once: it was committed before the promise settled.
    expect(await countRows(database.url, 'request_id = $1', [event.request_id])).toBe(1);
    await app.close();
  });

  it('spools every event while Postgres is unreachable and replays each exactly once', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const spoolDir = tempDir('spool');
    const app = await startAudit({
      DATABASE_URL: proxy.urlFor(database.url),
      DATA_DIR: tempDir('outage'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    const writer = app.get(AuditWriter);
    const outcomes: string[] = [];
    writer.onOutcome((outcome) => outcomes.push(outcome));

    const before = Array.from({ length: 20 }, () => auditEvent({ endpoint: '/outage' }));
    await Promise.all(before.map((event) => writer.record(event)));
    await proxy.cut();
    const during = Array.from({ length: 30 }, () => auditEvent({ endpoint: '/outage' }));
    // Every promise settles as durable although Postgres is gone: the spool took them.
    await Promise.all(during.map((event) => writer.record(event)));
    expect(outcomes).toContain('spooled');
    expect(writer.stats().spooledEvents).toBe(30);

    await proxy.start();
    await writer.replaySpool();
    expect(writer.stats().spooledEvents).toBe(0);
    expect(await countRows(database.url, `endpoint = '/outage'`)).toBe(50);
    expect(
      await countRows(database.url, `request_id = ANY($1::uuid[])`, [during.map((e) => e.request_id)]),
    ).toBe(30);
    expect(await app.get(AuditChainVerifier).verifyChains()).toMatchObject({ ok: true, problem: null });
    await app.close();
    await proxy.cut();
  });

  it('replays a spool left behind by a crashed process when the next one starts', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const spoolDir = tempDir('crash-spool');
    const first = await startAudit({
      DATABASE_URL: proxy.urlFor(database.url),
      DATA_DIR: tempDir('crash1'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    await proxy.cut();
    const events = Array.from({ length: 10 }, () => auditEvent({ endpoint: '/crash' }));
    await Promise.all(events.map((event) => first.get(AuditWriter).record(event)));
    expect(first.get(AuditWriter).stats().spooledEvents).toBe(10);
    await first.close(); // its final replay fails too: the spool stays on disk
    expect(await countRows(database.url, `endpoint = '/crash'`)).toBe(0);

    const second = await startAudit({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('crash2'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    expect(await countRows(database.url, `endpoint = '/crash'`)).toBe(10);
    expect(second.get(AuditWriter).stats().spooledEvents).toBe(0);
    await second.close();
  });

  it('quarantines a torn spool line at replay, reports it, and brings the spool gauge back to 0', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const spoolDir = tempDir('torn-spool');
    const first = await startAudit({
      DATABASE_URL: proxy.urlFor(database.url),
      DATA_DIR: tempDir('torn1'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    await proxy.cut();
    const events = Array.from({ length: 4 }, () => auditEvent({ endpoint: '/torn' }));
    for (const event of events) await first.get(AuditWriter).record(event);
    await first.close();
    // The process that wrote it crashed in the middle of one more append: half a line, no newline.
    const [file] = readdirSync(spoolDir).filter((name) => name.startsWith('spool-'));
    const lines = readFileSync(join(spoolDir, file!), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const torn = lines[3]!.slice(0, 200);
    appendFileSync(join(spoolDir, file!), torn);

    const second = await startAudit({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('torn2'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    try {
      expect(await countRows(database.url, `endpoint = '/torn'`)).toBe(4);
      expect(second.get(AuditWriter).stats()).toMatchObject({ spooledEvents: 0, quarantinedLines: 1 });
      const quarantined = readdirSync(join(spoolDir, 'quarantine'));
      expect(quarantined).toHaveLength(1);
      expect(readFileSync(join(spoolDir, 'quarantine', quarantined[0]!), 'utf8')).toBe(`${torn}\n`);
      expect(readdirSync(spoolDir).filter((name) => name.startsWith('spool-'))).toEqual([]);
    } finally {
      await second.close();
      await proxy.cut();
    }
  });

  it('rejects with AUDIT_UNAVAILABLE when neither Postgres nor the spool can take the event', async () => {
    const proxy = proxyFor(database.url);
    await proxy.start();
    const spoolDir = join(tempDir('closed'), 'spool');
    const app = await startAudit({
      DATABASE_URL: proxy.urlFor(database.url),
      DATA_DIR: tempDir('closed'),
      AUDIT_SPOOL_DIR: spoolDir,
    });
    await proxy.cut();
    // The spool's folder turns into a file: appends fail (root ignores permissions, not this).
    rmSync(spoolDir, { recursive: true, force: true });
    writeFileSync(spoolDir, 'not a folder');
    await expect(app.get(AuditWriter).record(auditEvent())).rejects.toMatchObject({
      code: 'AUDIT_UNAVAILABLE',
    });
    await app.close();
  });

  it('flushes queued events at shutdown, even in async durability', async () => {
    const app = await startAudit({
      DATABASE_URL: database.url,
      DATA_DIR: tempDir('shutdown'),
      AUDIT_DURABILITY: 'async',
      AUDIT_FLUSH_MS: '10000',
    });
    const events = Array.from({ length: 40 }, () => auditEvent({ endpoint: '/shutdown' }));
    await Promise.all(events.map((event) => app.get(AuditWriter).record(event)));
    expect(await countRows(database.url, `endpoint = '/shutdown'`)).toBe(0);
    await app.close();
    expect(await countRows(database.url, `endpoint = '/shutdown'`)).toBe(40);
  });

  it('keeps prompt text out of every column', async () => {
    const app = await startAudit({ DATABASE_URL: database.url, DATA_DIR: tempDir('marker') });
    const marker = 'MARKER-7f3a9c-do-not-store';
    const fingerprint = app
      .get(PromptFingerprinter)
      .fingerprint([{ role: 'user', content: `hello ${marker}` }]);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await app.get(AuditWriter).record(auditEvent({ prompt_fingerprint: fingerprint, endpoint: '/marker' }));
    const dataSource = await app.get(AuditDatabase).connection();
    const rows: { row: string }[] = await dataSource.query('SELECT t::text AS row FROM audit_events t');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.row.includes(marker))).toBe(false);
    expect(rows.some((row) => row.row.includes(fingerprint))).toBe(true);
    await app.close();
  });
});
