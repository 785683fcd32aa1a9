// npm run bench:export — `policy-mesh audit export` of 100,000 rows: time and memory, against an
// export of 10,000 rows, to show memory does not grow with the row count. The heap is capped at
// 96 MB, below the 88 MB file plus what holding its rows would take: an export that kept its rows
// would run out of memory here.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditDatabase } from '@app/audit';
import { AppConfig } from '@app/config';
import { runCli } from '../../apps/cli/test/cli-harness';
import { createTestDatabase } from '../support/test-database';
import { fmt, printTable } from './bench-stats';

async function seed(url: string, rows: number): Promise<void> {
  const database = new AuditDatabase(
    AppConfig.fromEnvironment({ DATABASE_URL: url, DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-export-')) }),
  );
  await database.migrate();
  const dataSource = await database.connection();
  await dataSource.query(
    `INSERT INTO audit_events (request_id, created_at, endpoint, status, provider, served_by, model, reason_codes, decision, policy_version,
       prompt_fingerprint, prompt_length, message_count, prompt_flags, latency_ms, provider_latency_ms, input_tokens, output_tokens, cost_usd,
       stream, chain_id, seq, prev_hash, hash)
     SELECT gen_random_uuid(), now() - (n || ' seconds')::interval, 'native', 'success', 'local', 'local', 'llama3.2', '{cost_prefer_local}',
       'provider=local,reason_codes=cost_prefer_local', repeat('a', 64), md5(n::text) || md5(n::text), 120, 2,
       '{"keyword_matches":0,"detectors":{}}', 12, 10, 30, 60, 0, false, '00000000-0000-7000-8000-000000000000', n, repeat('0', 64), md5(n::text)
     FROM generate_series(1, $1) AS n`,
    [rows],
  );
  await database.close();
}

async function measure(rows: number): Promise<Record<string, string>> {
  const database = await createTestDatabase(`bench_export_${rows}`);
  try {
    await seed(database.url, rows);
    const out = join(mkdtempSync(join(tmpdir(), 'pm-export-')), 'audit.jsonl');
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const run = await runCli(['audit', 'export', '--format', 'jsonl', '--out', out], {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-export-')),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    return {
      rows: fmt(rows, 0),
      result: run.stdout.trim(),
      seconds: fmt(seconds, 2),
      'rows/s': fmt(rows / seconds, 0),
      'file MB': fmt(statSync(out).size / 1e6, 1),
      'peak RSS growth MB': fmt((peak - baseline) / 1e6, 1),
      'heap kept after GC MB': fmt((heapAfter - heapBefore) / 1e6, 1),
    };
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const rows = [await measure(10_000), await measure(100_000)];
  printTable('policy-mesh audit export --format jsonl (in-process, PostgreSQL on loopback)', rows);
}

void main();
