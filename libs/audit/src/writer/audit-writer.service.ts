// Group commit: requests enqueue their event; one flush loop writes batches as multi-row INSERTs.
// When Postgres cannot take a batch it goes to the fsync'd spool and is replayed later; when
// neither can, the request's promise rejects so the caller fails closed, and the seq numbers the
// batch took are recorded as a gap (a later batch may already be chained on it), so verify tells
// an honest gap from a removed row.
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AuditUnavailableError } from '../audit.errors';
import type { AuditEventInput, AuditRow } from '../audit-row';
import { ChainAnchor } from '../chain/chain-anchor';
import { GAP_REASON_UNAVAILABLE, gapOf, type ChainCheckpoint, type ChainGap } from '../chain/chain-records';
import { ChainState } from '../chain/chain-state';
import type { ChainHead } from '../chain/durable-head';
import { AuditDatabase } from '../database/audit-database';
import { AuditKeys } from '../keys/audit-keys';
import { AuditSpool, type SpoolEntry } from './audit-spool';
import { insertGaps, insertRows } from './row-insert';

export type AuditOutcome = 'written' | 'spooled' | 'failed';

export interface AuditWriterStats {
  readonly queueDepth: number;
  readonly spooledEvents: number;
  /** Spool lines this process found torn at replay and moved to quarantine. */
  readonly quarantinedLines: number;
  readonly chainId: string;
  /** The highest seq of this chain committed to the database (rows and gap records alike). */
  readonly chainHeadSeq: number;
}

interface Pending {
  readonly event: AuditEventInput;
  readonly settle: (error?: Error) => void;
}

const MAX_IN_FLIGHT = 2;
const REPLAY_BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

@Injectable()
export class AuditWriter {
  private readonly logger = new Logger(AuditWriter.name);
  private readonly chain: ChainState;
  private readonly anchor: ChainAnchor;
  private readonly spool: AuditSpool;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Batches being written. A few at once: each waits on a commit (an fsync), not on this process. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Gaps not yet in the database or the spool. */
  private unrecordedGaps: ChainGap[] = [];
  private replayTimer: NodeJS.Timeout | undefined;
  private replayAttempt = 0;
  private replaying: Promise<void> | undefined;
  private readonly listeners: ((outcome: AuditOutcome, events: number) => void)[] = [];
  private readonly batchListeners: ((size: number) => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
    private readonly keys: AuditKeys,
  ) {
    this.chain = new ChainState(() => keys.chainKey('write'));
    this.anchor = new ChainAnchor(this.chain.chainId, () => keys.anchorKey('write'));
    this.spool = new AuditSpool(config.audit.spoolDir, this.chain.chainId);
  }

  /**
   * Enqueues one event. In `commit` durability the promise settles once the row is committed or
   * durably spooled; in `async` it settles at once. Rejects with AuditUnavailableError when the
   * queue is full or the event could be made durable nowhere.
   */
  record(event: AuditEventInput): Promise<void> {
    if (this.queue.length >= this.config.audit.queueMax) {
      for (const listener of this.listeners) listener('failed', 1);
      return Promise.reject(new AuditUnavailableError('audit queue is full'));
    }
    const durable = new Promise<void>((resolve, reject) => {
      this.queue.push({ event, settle: (error) => (error === undefined ? resolve() : reject(error)) });
    });
    this.schedule();
    if (this.config.audit.durability === 'async') {
      durable.catch(() => undefined);
      return Promise.resolve();
    }
    return durable;
  }

  /** Writes everything queued so far (and waits for a flush under way). */
  async flush(): Promise<void> {
    this.cancelScheduledStart();
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.pump();
      await Promise.all([...this.inFlight]);
    }
  }

  /**
   * Brings the database up to date: records gaps not yet recorded, then replays the spool.
   * Resolves when both are done or Postgres refused again (a retry is then scheduled).
   */
  async replaySpool(): Promise<void> {
    this.replaying ??= this.replayOnce().finally(() => (this.replaying = undefined));
    await this.replaying;
  }

  stats(): AuditWriterStats {
    return {
      queueDepth: this.queue.length,
      spooledEvents: this.spool.size,
      quarantinedLines: this.spool.quarantined,
      chainId: this.chain.chainId,
      chainHeadSeq: this.anchor.current.seq,
    };
  }

  /** Can the spool take a batch now? (Readiness: with Postgres away, the spool is what audits.) */
  probeSpool(): { writable: boolean; detail?: string } {
    return this.spool.probe();
  }

  /** Called with each batch's outcome (metrics: audit_events_total{outcome}). */
  onOutcome(listener: (outcome: AuditOutcome, events: number) => void): void {
    this.listeners.push(listener);
  }

  /** Called with each batch's size (metrics: audit_batch_size). */
  onBatch(listener: (size: number) => void): void {
    this.batchListeners.push(listener);
  }

  /** Called when the chain's committed head advances (metrics: audit_chain_head_seq{chain}). */
  onChainHead(listener: (head: ChainHead) => void): void {
    this.anchor.onAdvance(listener);
  }

  /** Publishes signed checkpoint log lines at an interval (the gateway; see ChainAnchor). */
  startCheckpoints(intervalMs?: number): void {
    this.anchor.start(intervalMs);
  }

  /** Logs a checkpoint now if the head moved since the last one. */
  publishCheckpoint(): ChainCheckpoint | null {
    return this.anchor.publish();
  }

  /** Final flush at shutdown, the spool one last chance, and a last checkpoint. */
  async close(): Promise<void> {
    clearTimeout(this.replayTimer);
    await this.flush();
    await this.replaySpool().catch(() => undefined);
    clearTimeout(this.replayTimer);
    // Gaps the database never took go to the spool for the next process to replay.
    if (this.unrecordedGaps.length > 0) this.spoolGaps();
    this.anchor.stop();
    this.anchor.publish();
  }

  private schedule(): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) return; // a finishing batch schedules the next
    if (this.queue.length >= this.config.audit.batchMax) {
      this.cancelScheduledStart();
      this.pump();
      return;
    }
    // Group commit: a batch starts after this tick (events recorded together go together) while a
    // slot is free; while every slot waits on a commit, new events gather for the next batches.
    // AUDIT_FLUSH_MS > 0 trades latency for bigger batches at low load.
    // setTimeout(0) waits a whole millisecond, so without a flush window the batch starts on the
    // next turn of the event loop instead.
    if (this.timer !== undefined || this.immediate !== undefined) return;
    const start = () => {
      this.timer = undefined;
      this.immediate = undefined;
      this.pump();
    };
    if (this.config.audit.flushMs > 0) this.timer = setTimeout(start, this.config.audit.flushMs);
    else this.immediate = setImmediate(start);
  }

  private cancelScheduledStart(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** Starts batches while there are events and free slots. Sequence numbers are taken in order. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight.size < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, this.config.audit.batchMax);
      const writing: Promise<void> = this.writeBatch(batch).finally(() => {
        this.inFlight.delete(writing);
        if (this.queue.length > 0) this.schedule();
      });
      this.inFlight.add(writing);
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const rows: AuditRow[] = batch.map((pending) => this.chain.next(pending.event));
    for (const listener of this.batchListeners) listener(rows.length);
    try {
      await this.insert(rows.map((row) => ({ row })));
      this.settle(batch, 'written');
      return;
    } catch (error) {
      this.logger.warn(
        { events: rows.length, error: (error as Error).message },
        'audit insert failed; spooling',
      );
    }
    const gaps = this.unrecordedGaps;
    try {
      this.spool.append([...gaps.map((gap) => ({ gap })), ...rows.map((row) => ({ row }))]);
      this.unrecordedGaps = this.unrecordedGaps.filter((gap) => !gaps.includes(gap));
      this.settle(batch, 'spooled');
      this.scheduleReplay();
    } catch (error) {
      this.logger.error({ events: rows.length, error: (error as Error).message }, 'audit spool write failed');
      // The batch's seq numbers are given up; a later batch may already be chained on them.
      this.unrecordedGaps.push(gapOf(this.keys.anchorKey('write'), rows, GAP_REASON_UNAVAILABLE));
      this.settle(
        batch,
        'failed',
        new AuditUnavailableError('audit database and spool are both unavailable'),
      );
      this.scheduleReplay();
    }
  }

  /** Inserts spool entries (gaps first, then rows) and moves this chain's committed head. */
  private async insert(entries: readonly SpoolEntry[]): Promise<void> {
    const dataSource = await this.database.connection();
    const gaps = [...this.unrecordedGaps];
    const recorded = [...gaps, ...entries.flatMap((entry) => ('gap' in entry ? [entry.gap] : []))];
    const rows = entries.flatMap((entry) => ('row' in entry ? [entry.row] : []));
    await insertGaps(dataSource, recorded);
    this.unrecordedGaps = this.unrecordedGaps.filter((gap) => !gaps.includes(gap));
    await insertRows(dataSource, rows);
    for (const gap of recorded)
      if (gap.chain_id === this.chain.chainId)
        this.anchor.committed(gap.from_seq, gap.through_seq, gap.through_hash);
    for (const row of rows)
      if (row.chain_id === this.chain.chainId) this.anchor.committed(row.seq, row.seq, row.hash);
  }

  private settle(batch: Pending[], outcome: AuditOutcome, error?: Error): void {
    for (const pending of batch) pending.settle(error);
    for (const listener of this.listeners) listener(outcome, batch.length);
  }

  private spoolGaps(): void {
    try {
      this.spool.append(this.unrecordedGaps.map((gap) => ({ gap })));
      this.unrecordedGaps = [];
    } catch (error) {
      this.logger.error(
        { gaps: this.unrecordedGaps.length, error: (error as Error).message },
        'audit chain gaps could not be recorded; verify will report them as removed rows',
      );
    }
  }

  private scheduleReplay(): void {
    if (this.replayTimer !== undefined) return;
    const delay = REPLAY_BACKOFF_MS[Math.min(this.replayAttempt, REPLAY_BACKOFF_MS.length - 1)]!;
    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      void this.replaySpool();
    }, delay);
    this.replayTimer.unref();
  }

  private async replayOnce(): Promise<void> {
    if (this.spool.isEmpty() && this.unrecordedGaps.length === 0) return;
    try {
      if (this.unrecordedGaps.length > 0) await this.insert([]);
      const report = await this.spool.replay(
        (entries) => this.insert(entries),
        (file, lines) =>
          this.logger.error({ file, lines }, 'audit spool lines were torn; kept in quarantine, not replayed'),
      );
      this.replayAttempt = 0;
      if (report.files > 0) this.logger.log({ ...report }, 'audit spool replayed');
    } catch (error) {
      this.replayAttempt += 1;
      this.logger.warn(
        { error: (error as Error).message, attempt: this.replayAttempt },
        'audit spool replay failed; will retry',
      );
      this.scheduleReplay();
    }
  }
}
