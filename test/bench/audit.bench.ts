// npm run bench:audit — audit events/s into the real Postgres with group commit versus one INSERT
// per event, and the commit wait (record() until durable) p50/p99, in one run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditDatabase, AuditWriter } from '@app/audit';
import { AppConfig } from '@app/config';
import { Pool } from 'pg';
import { auditEvent, startAudit } from '../medium/audit/audit-test-app';
import { createTestDatabase } from '../support/test-database';
import { fmt, percentile, printTable } from './bench-stats';

const GROUP_EVENTS = 40_000;
const SINGLE_EVENTS = 4_000;
const GROUP_CONCURRENCY = 1000;
const SINGLE_CONCURRENCY = 200;

async function groupCommit(url: string): Promise<Record<string, string>> {
  const app = await startAudit({ DATABASE_URL: url, DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-bench-')) });
  const writer = app.get(AuditWriter);
  const waits: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: GROUP_CONCURRENCY }, async () => {
      while (next < GROUP_EVENTS) {
        next += 1;
        const t = performance.now();
        await writer.record(auditEvent());
        waits.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  waits.sort((a, b) => a - b);
  return {
    mode: `group commit (AuditWriter), ${GROUP_CONCURRENCY} writers`,
    events: String(waits.length),
    'events/s': fmt(waits.length / seconds, 0),
    'commit wait p50 ms': fmt(percentile(waits, 50), 2),
    'commit wait p99 ms': fmt(percentile(waits, 99), 2),
  };
}

async function singleInserts(url: string): Promise<Record<string, string>> {
  const pool = new Pool({ connectionString: url, max: 10 });
  const waits: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SINGLE_CONCURRENCY }, async () => {
      while (next < SINGLE_EVENTS) {
        next += 1;
        const event = auditEvent();
        const t = performance.now();
        await pool.query(
          `INSERT INTO audit_events (request_id, created_at, endpoint, status, reason_codes, prompt_length, message_count, prompt_flags, latency_ms, stream, chain_id, seq, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, gen_random_uuid(), $11, $12, $13)`,
          [
            event.request_id,
            event.created_at,
            event.endpoint,
            event.status,
            event.reason_codes,
            event.prompt_length,
            event.message_count,
            JSON.stringify(event.prompt_flags),
            1,
            false,
            next,
            'x',
            'y',
          ],
        );
        waits.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  waits.sort((a, b) => a - b);
  return {
    mode: `one INSERT per event, pool of 10, ${SINGLE_CONCURRENCY} writers`,
    events: String(waits.length),
    'events/s': fmt(waits.length / seconds, 0),
    'commit wait p50 ms': fmt(percentile(waits, 50), 2),
    'commit wait p99 ms': fmt(percentile(waits, 99), 2),
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_audit');
  try {
    const setup = new AuditDatabase(
      AppConfig.fromEnvironment({
        DATABASE_URL: database.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-bench-')),
      }),
    );
    await setup.migrate();
    await setup.close();
    const rows = [await groupCommit(database.url), await singleInserts(database.url)];
    printTable('Audit writes into PostgreSQL on loopback, commit durability', rows);
  } finally {
    await database.drop();
  }
}

void main();
