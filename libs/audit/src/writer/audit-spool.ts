// The spool: where audit batches wait, fsync'd, while Postgres is unreachable. Append-only JSONL;
// a replay renames a file first, so appends during a replay go to a fresh file and nothing is lost
// or replayed twice.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditRow } from '../audit-event.types';

const ACTIVE_SUFFIX = '.jsonl';
const REPLAYING_SUFFIX = '.replaying';

export class AuditSpool {
  private pending = 0;

  constructor(
    private readonly directory: string,
    private readonly chainId: string,
  ) {
    // The folder is made on the first append: a process that never spools never creates it.
    this.pending = this.files().reduce((sum, file) => sum + readRows(file).length, 0);
  }

  /** Events waiting in the spool (this process's and any left by an earlier one). */
  get size(): number {
    return this.pending;
  }

  /** Appends a batch and fsyncs it; once this returns, the batch survives a crash. */
  append(rows: readonly AuditRow[]): void {
    mkdirSync(this.directory, { recursive: true });
    const file = join(this.directory, `spool-${this.chainId}${ACTIVE_SUFFIX}`);
    const fd = openSync(file, 'a', 0o600);
    try {
      writeSync(fd, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.pending += rows.length;
  }

  /**
   * Hands every spooled row, oldest file first and in order within a file, to `insert`; a file is
   * removed only after all its rows were inserted. Stops at the first failure.
   */
  async replay(insert: (rows: AuditRow[]) => Promise<void>, batchSize = 500): Promise<number> {
    let replayed = 0;
    for (const file of this.files()) {
      const claimed = file.endsWith(REPLAYING_SUFFIX)
        ? file
        : `${file.slice(0, -ACTIVE_SUFFIX.length)}.${Date.now()}${REPLAYING_SUFFIX}`;
      if (claimed !== file) renameSync(file, claimed);
      const rows = readRows(claimed);
      for (let start = 0; start < rows.length; start += batchSize) {
        await insert(rows.slice(start, start + batchSize));
      }
      rmSync(claimed, { force: true });
      this.pending = Math.max(0, this.pending - rows.length);
      replayed += rows.length;
    }
    return replayed;
  }

  private files(): string[] {
    if (!existsSync(this.directory)) return [];
    return readdirSync(this.directory)
      .filter(
        (name) =>
          name.startsWith('spool-') && (name.endsWith(ACTIVE_SUFFIX) || name.endsWith(REPLAYING_SUFFIX)),
      )
      .map((name) => join(this.directory, name))
      .sort((a, b) =>
        a.endsWith(REPLAYING_SUFFIX) === b.endsWith(REPLAYING_SUFFIX)
          ? a.localeCompare(b)
          : a.endsWith(REPLAYING_SUFFIX)
            ? -1
            : 1,
      );
  }
}

/** Rows of a spool file; a torn last line (a crash mid-append, before fsync) is skipped. */
function readRows(file: string): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      rows.push(JSON.parse(line) as AuditRow);
    } catch {
      // Only an unsynced, incomplete append can be torn; its promise never settled as durable.
    }
  }
  return rows;
}
