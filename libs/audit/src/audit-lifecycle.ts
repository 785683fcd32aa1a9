// Start and stop in the right order. At start: open the database, migrate, and replay a spool left
// by an earlier process. A real server that is unreachable at start does not stop the gateway: it
// serves with the spool and keeps trying (with backoff) to connect, migrate and replay. At
// shutdown (after the HTTP server has drained): flush the queue, then close the database.
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AuditDatabase } from './database/audit-database';
import { AuditWriter } from './writer/audit-writer.service';

export const AUDIT_MODULE_OPTIONS = Symbol('AUDIT_MODULE_OPTIONS');

export interface AuditModuleOptions {
  /** Open the database at start (the gateway) rather than on first use (the CLI). */
  readonly eager?: boolean;
  /** Run pending migrations at start; defaults to DB_MIGRATE_ON_START when eager. */
  readonly migrate?: boolean;
  /** Publish signed chain checkpoints at this interval (eager only; default 30 s). */
  readonly checkpointIntervalMs?: number;
}

const CONNECT_BACKOFF_MS = [250, 500, 1000, 2000, 5000, 10_000, 30_000];

@Injectable()
export class AuditLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditLifecycle.name);
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private closed = false;

  constructor(
    @Inject(AUDIT_MODULE_OPTIONS) private readonly options: AuditModuleOptions,
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.eager !== true) return;
    this.writer.startCheckpoints(this.options.checkpointIntervalMs);
    try {
      await this.prepare();
    } catch (error) {
      // The embedded database is this process's own: if it cannot open, nothing will change by waiting.
      if (this.database.isEmbedded) throw error;
      this.logger.warn(
        { error: (error as Error).message },
        'audit database unreachable at start; answers are spooled until it returns',
      );
      this.retry();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.writer.close();
    await this.database.close();
  }

  /** Connect, migrate (when asked), replay what the spool holds. */
  private async prepare(): Promise<void> {
    await this.database.connection();
    if (this.options.migrate ?? this.config.database.migrateOnStart) {
      const applied = await this.database.migrate();
      if (applied.length > 0) this.logger.log({ migrations: applied }, 'migrations applied');
    }
    await this.writer.replaySpool();
  }

  private retry(): void {
    const delay = CONNECT_BACKOFF_MS[Math.min(this.attempt, CONNECT_BACKOFF_MS.length - 1)]!;
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.prepare().then(
        () => this.logger.log({ attempts: this.attempt }, 'audit database reachable again; spool replayed'),
        () => {
          if (!this.closed) this.retry();
        },
      );
    }, delay);
    this.retryTimer.unref();
  }
}
