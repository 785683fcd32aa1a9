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

const REPLAY_BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

@Injectable()
export class AuditWriter {
  private readonly logger = new Logger(AuditWriter.name);
  private readonly chain = new ChainState();
  private readonly spool: AuditSpool;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
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
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 || this.flushing !== undefined) {
      this.flushing ??= this.drain();
      await this.flushing;
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
    if (this.flushing !== undefined) return;
    if (this.queue.length >= this.config.audit.batchMax) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushing = this.drain();
      return;
    }
    // Group commit: with no flush under way the next one starts at once (after this tick, so events
    // recorded together go together); while one runs, new events gather for the next batch.
    // AUDIT_FLUSH_MS > 0 trades latency for bigger batches at low load.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushing ??= this.drain();
    }, this.config.audit.flushMs);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.config.audit.batchMax);
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = undefined;
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
