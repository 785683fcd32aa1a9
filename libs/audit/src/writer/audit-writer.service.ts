// Group commit: requests enqueue their event; one flush loop writes batches as multi-row INSERTs.
// When Postgres cannot take a batch it goes to the fsync'd spool and is replayed later; when
// neither can, the request's promise rejects so the caller fails closed.
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AuditUnavailableError } from '../audit.errors';
import type { AuditEventInput, AuditRow } from '../audit-event.types';
import { ChainState } from '../chain/chain-state';
import { AuditDatabase } from '../database/audit-database';
import { AuditSpool } from './audit-spool';
import { insertRows } from './row-insert';

export type AuditOutcome = 'written' | 'spooled' | 'failed';

export interface AuditWriterStats {
  readonly queueDepth: number;
  readonly spooledEvents: number;
  readonly chainId: string;
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
  private readonly chain = new ChainState();
  private readonly spool: AuditSpool;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Batches being written. A few at once: each waits on a commit (an fsync), not on this process. */
  private readonly inFlight = new Set<Promise<void>>();
  private replayTimer: NodeJS.Timeout | undefined;
  private replayAttempt = 0;
  private replaying: Promise<void> | undefined;
  private readonly listeners: ((outcome: AuditOutcome, events: number) => void)[] = [];
  private readonly batchListeners: ((size: number) => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
  ) {
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

  /** Replays the spool now; resolves when it is empty or Postgres refused again. */
  async replaySpool(): Promise<void> {
    this.replaying ??= this.replayOnce().finally(() => (this.replaying = undefined));
    await this.replaying;
  }

  stats(): AuditWriterStats {
    return { queueDepth: this.queue.length, spooledEvents: this.spool.size, chainId: this.chain.chainId };
  }

  /** Called with each batch's outcome (metrics: audit_events_total{outcome}). */
  onOutcome(listener: (outcome: AuditOutcome, events: number) => void): void {
    this.listeners.push(listener);
  }

  /** Called with each batch's size (metrics: audit_batch_size). */
  onBatch(listener: (size: number) => void): void {
    this.batchListeners.push(listener);
  }

  /** Final flush at shutdown, and the spool one last chance. */
  async close(): Promise<void> {
    clearTimeout(this.replayTimer);
    await this.flush();
    if (this.spool.size > 0) await this.replaySpool().catch(() => undefined);
    clearTimeout(this.replayTimer);
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
      await insertRows(await this.database.connection(), rows);
      this.settle(batch, 'written');
      return;
    } catch (error) {
      this.logger.warn(
        { events: rows.length, error: (error as Error).message },
        'audit insert failed; spooling',
      );
    }
    try {
      this.spool.append(rows);
      this.settle(batch, 'spooled');
      this.scheduleReplay();
    } catch (error) {
      this.logger.error({ events: rows.length, error: (error as Error).message }, 'audit spool write failed');
      this.settle(
        batch,
        'failed',
        new AuditUnavailableError('audit database and spool are both unavailable'),
      );
    }
  }

  private settle(batch: Pending[], outcome: AuditOutcome, error?: Error): void {
    for (const pending of batch) pending.settle(error);
    for (const listener of this.listeners) listener(outcome, batch.length);
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
    if (this.spool.size === 0) return;
    try {
      const dataSource = await this.database.connection();
      const replayed = await this.spool.replay((rows) => insertRows(dataSource, rows));
      this.replayAttempt = 0;
      if (replayed > 0) this.logger.log({ events: replayed }, 'audit spool replayed');
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
