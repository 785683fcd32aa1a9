// The spool: where audit batches wait, fsync'd, while Postgres is unreachable. Append-only JSONL,
// one entry a line: `{"row": …}` or `{"gap": …}`. A replay renames a file first, so appends
// during a replay go to a fresh file and nothing is lost or replayed twice.
//
// An append is durable only when every byte was written and fsync'd. A short write, ENOSPC, EFBIG
// or a failed fsync is not durable: the append is taken back (the file truncated to where it began)
// and the caller fails closed. A line that is still torn (a crash mid-append, or a take-back that
// failed) is kept in a quarantine file at replay, reported and counted — never skipped silently.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { toAuditRow, type AuditRow } from '../audit-row';
import type { ChainGap } from '../chain/chain-records';

export type SpoolEntry = { readonly row: AuditRow } | { readonly gap: ChainGap };

export interface SpoolReplayReport {
  readonly files: number;
  readonly rows: number;
  readonly gaps: number;
  /** Lines that could not be parsed, moved to `quarantine/`. */
  readonly quarantined: number;
}

const ACTIVE_SUFFIX = '.jsonl';
const REPLAYING_SUFFIX = '.replaying';
export const QUARANTINE_DIR = 'quarantine';

/** Where an append stopped being durable, and why. */
export class SpoolWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpoolWriteError';
  }
}

export class AuditSpool {
  private pending: number;
  private quarantinedLines = 0;
  /** Bumped when a torn append could not be taken back: later appends start a new file. */
  private generation = 0;

  constructor(
    private readonly directory: string,
    private readonly chainId: string,
  ) {
    // Nothing is created until something is spooled: a command that writes no audit leaves no folder.
    this.pending = this.countRows();
  }

  /** Rows waiting in the spool (this process's and any left by an earlier one). */
  get size(): number {
    return this.pending;
  }

  /** No spool file at all (rows or gap records) waits for a replay. */
  isEmpty(): boolean {
    return this.files().length === 0;
  }

  /** Unparseable lines this process moved to quarantine. */
  get quarantined(): number {
    return this.quarantinedLines;
  }

  /** Appends entries and fsyncs them; returns only once every byte is on disk, else throws. */
  append(entries: readonly SpoolEntry[]): void {
    const data = Buffer.from(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    mkdirSync(this.directory, { recursive: true });
    const fd = openSync(this.activeFile(), 'a', 0o600);
    let start: number | undefined;
    try {
      start = fstatSync(fd).size;
      writeAll(fd, data);
      fsyncSync(fd);
    } catch (error) {
      this.takeBack(fd, start);
      throw error;
    } finally {
      closeSync(fd);
    }
    this.pending += entries.filter((entry) => 'row' in entry).length;
  }

  /** Can a spool file be created and synced here now? (Readiness: the spool is the fallback.) */
  probe(): { writable: boolean; detail?: string } {
    const file = join(this.directory, `.probe-${process.pid}`);
    try {
      mkdirSync(this.directory, { recursive: true });
      const fd = openSync(file, 'w', 0o600);
      try {
        writeSync(fd, 'x');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      rmSync(file, { force: true });
      return { writable: true };
    } catch (error) {
      return { writable: false, detail: (error as Error).message };
    }
  }

  /**
   * Hands every spooled entry, oldest file first and in order within a file, to `insert`; a file is
   * removed only after all its entries were inserted and its torn lines quarantined. Stops at the
   * first failure.
   */
  async replay(
    insert: (entries: SpoolEntry[]) => Promise<void>,
    onQuarantine: (file: string, lines: number) => void,
    batchSize = 500,
  ): Promise<SpoolReplayReport> {
    let files = 0;
    let rows = 0;
    let gaps = 0;
    let quarantined = 0;
    for (const file of this.files()) {
      const claimed = file.endsWith(REPLAYING_SUFFIX)
        ? file
        : `${file.slice(0, -ACTIVE_SUFFIX.length)}.${Date.now()}${REPLAYING_SUFFIX}`;
      if (claimed !== file) renameSync(file, claimed);
      const { entries, torn, kept } = readEntries(claimed);
      if (torn.length > 0) {
        this.quarantine(claimed, torn, kept);
        onQuarantine(claimed, torn.length);
        quarantined += torn.length;
      }
      for (let start = 0; start < entries.length; start += batchSize) {
        await insert(entries.slice(start, start + batchSize));
      }
      rmSync(claimed, { force: true });
      files += 1;
      rows += entries.filter((entry) => 'row' in entry).length;
      gaps += entries.filter((entry) => 'gap' in entry).length;
    }
    // Recount rather than subtract: what is left is exactly what was appended during the replay.
    this.pending = this.countRows();
    return { files, rows, gaps, quarantined };
  }

  private activeFile(): string {
    const generation = this.generation === 0 ? '' : `.${this.generation}`;
    return join(this.directory, `spool-${this.chainId}${generation}${ACTIVE_SUFFIX}`);
  }

  /** Truncates a failed append away; if even that fails, the torn tail stays and appends move on. */
  private takeBack(fd: number, start: number | undefined): void {
    try {
      if (start === undefined) throw new Error('size unknown');
      ftruncateSync(fd, start);
      fsyncSync(fd);
    } catch {
      this.generation += 1;
    }
  }

  /**
   * Torn lines are kept verbatim (one file per replayed spool file) and synced; then the claimed
   * file is rewritten without them, so a replay that stops later never quarantines them twice.
   */
  private quarantine(file: string, torn: readonly string[], kept: readonly string[]): void {
    const directory = join(this.directory, QUARANTINE_DIR);
    mkdirSync(directory, { recursive: true });
    writeSynced(join(directory, `${basename(file)}.torn`), torn, 'a');
    const rewritten = `${file}.tmp`;
    writeSynced(rewritten, kept, 'w');
    renameSync(rewritten, file);
    this.quarantinedLines += torn.length;
  }

  private countRows(): number {
    return this.files().reduce(
      (sum, file) => sum + readEntries(file).entries.filter((entry) => 'row' in entry).length,
      0,
    );
  }

  private files(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return []; // no folder yet, or none that can be read: nothing to replay from it
    }
    return names
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

function parseEntry(line: string): SpoolEntry | undefined {
  try {
    const parsed = JSON.parse(line) as { row?: Record<string, unknown>; gap?: ChainGap };
    if (parsed.row !== undefined && typeof parsed.row.request_id === 'string')
      return { row: toAuditRow(parsed.row) };
    if (parsed.gap !== undefined && typeof parsed.gap.chain_id === 'string')
      return { gap: { ...parsed.gap, created_at: new Date(parsed.gap.created_at) } };
    return undefined;
  } catch {
    return undefined;
  }
}

/** Every byte or an error: write(2) may write less than asked (a file size limit, a full disk). */
function writeAll(fd: number, data: Buffer): void {
  for (let offset = 0; offset < data.length; ) {
    const written = writeSync(fd, data, offset, data.length - offset);
    if (written <= 0) throw new SpoolWriteError(`short write: ${offset} of ${data.length} bytes`);
    offset += written;
  }
}

function writeSynced(file: string, lines: readonly string[], flags: 'a' | 'w'): void {
  const fd = openSync(file, flags, 0o600);
  try {
    writeAll(fd, Buffer.from(lines.map((line) => `${line}\n`).join('')));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A spool file's entries, its lines that are entries (kept), and those that are not (torn). */
function readEntries(file: string): { entries: SpoolEntry[]; kept: string[]; torn: string[] } {
  const entries: SpoolEntry[] = [];
  const kept: string[] = [];
  const torn: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseEntry(line);
    if (entry === undefined) torn.push(line);
    else {
      entries.push(entry);
      kept.push(line);
    }
  }
  return { entries, kept, torn };
}
