// What the audit trail says after the soak: the rows by request id against the requests the clients
// saw answered, and `policy-mesh audit verify` run as an operator would (checked against the
// checkpoints the gateway logged).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Outcome } from './soak-traffic';

const REPO_ROOT = join(__dirname, '../..');

export interface AuditFigures {
  readonly rows: number;
  /** Answered requests with exactly one row. */
  readonly answeredWithOneRow: number;
  /** Answered requests without a row: lost. */
  readonly lost: string[];
  /** Request ids with more than one row. */
  readonly duplicates: string[];
  /** Answers whose head carried no request id (cannot be matched). */
  readonly answeredWithoutId: number;
  /** Rows of requests the soak never saw answered, by why: unread streams, cut or refused ones. */
  readonly rowsOfUnanswered: { unreadStreams: number; seenUnanswered: number; unseen: number };
  /** Rows by status (success, failure, rejected). */
  readonly byStatus: Record<string, number>;
  /**
   * The unread streams' rows by status and failure category: `success` when the gateway could hand
   * the whole stream to the socket, `failure/canceled` when it was still writing at the hang-up.
   */
  readonly unreadStreamRows: Record<string, number>;
}

export async function auditFigures(
  databaseUrl: string,
  outcomes: readonly Outcome[],
  unreadStreamIds: readonly string[],
): Promise<AuditFigures> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  type Row = { request_id: string; status: string; category: string | null; rows: number };
  let rows: Row[];
  try {
    rows = (
      await client.query<Row>(
        'SELECT request_id::text, min(status) AS status, min(failure_category) AS category, count(*)::int AS rows ' +
          'FROM audit_events GROUP BY request_id',
      )
    ).rows;
  } finally {
    await client.end();
  }
  const rowsById = new Map(rows.map((row) => [row.request_id, row.rows]));
  const answered = outcomes.filter((outcome) => outcome.answered);
  const answeredIds = new Set(answered.flatMap((outcome) => outcome.requestId ?? []));
  const seenIds = new Set(outcomes.flatMap((outcome) => outcome.requestId ?? []));
  const unread = new Set(unreadStreamIds);
  const byStatus: Record<string, number> = {};
  const unreadStreamRows: Record<string, number> = {};
  const rowsOfUnanswered = { unreadStreams: 0, seenUnanswered: 0, unseen: 0 };
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.rows;
    if (answeredIds.has(row.request_id)) continue;
    if (unread.has(row.request_id)) {
      rowsOfUnanswered.unreadStreams += 1;
      const kind = row.category === null ? row.status : `${row.status}/${row.category}`;
      unreadStreamRows[kind] = (unreadStreamRows[kind] ?? 0) + 1;
    } else if (seenIds.has(row.request_id)) rowsOfUnanswered.seenUnanswered += 1;
    else rowsOfUnanswered.unseen += 1;
  }
  return {
    rows: rows.reduce((sum, row) => sum + row.rows, 0),
    answeredWithOneRow: [...answeredIds].filter((id) => rowsById.get(id) === 1).length,
    lost: [...answeredIds].filter((id) => !rowsById.has(id)),
    duplicates: rows.filter((row) => row.rows > 1).map((row) => row.request_id),
    answeredWithoutId: answered.filter((outcome) => outcome.requestId === undefined).length,
    rowsOfUnanswered,
    byStatus,
    unreadStreamRows,
  };
}

export interface VerifyResult {
  readonly ok: boolean;
  /** The command's own words (its last lines). */
  readonly output: string;
}

/** `policy-mesh audit verify --checkpoints <gateway log>`, with the gateway's database and key. */
export function auditVerify(databaseUrl: string, hmacKey: string, gatewayLog: string): Promise<VerifyResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // The built CLI the soak's build step made, as bin/policy-mesh.js runs it (without its
      // rebuild check, which would rebuild dist/ if a source was edited during the run).
      [join(REPO_ROOT, 'dist/apps/cli/src/main.js'), 'audit', 'verify', '--checkpoints', gatewayLog],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          DATABASE_URL: databaseUrl,
          AUDIT_HMAC_KEY: hmacKey,
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const lines = `${stdout}${stderr}`
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('verifying'));
        // Its verdict line, else (a crash, a usage error) its last words.
        const verdict = lines.filter((line) => /^(ok:|TAMPERED:)/.test(line));
        const output = (verdict.length > 0 ? verdict : lines.slice(-3)).join(' / ');
        resolve({ ok: error === null, output });
      },
    );
  });
}

export interface SpoolLeftovers {
  /** Audit rows still waiting in the spool after the gateway stopped (replayed at its next start). */
  readonly rows: number;
  /** Torn lines set aside at a replay. */
  readonly quarantined: number;
}

/** What the gateway left in its spool folder. */
export function spoolLeftovers(spoolDir: string): SpoolLeftovers {
  const lines = (dir: string, keep: (name: string) => boolean) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter(keep)
          .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
          .filter((line) => line.trim() !== '')
      : [];
  return {
    rows: lines(spoolDir, (name) => /\.(jsonl|replaying)$/.test(name)).filter((line) =>
      line.startsWith('{"row"'),
    ).length,
    quarantined: lines(join(spoolDir, 'quarantine'), () => true).length,
  };
}
