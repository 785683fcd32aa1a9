// Start and stop in the right order: at start open the database, migrate and replay a spool left
// by an earlier process; at shutdown (after the HTTP server has drained) flush the queue, then
// close the database.
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
}

@Injectable()
export class AuditLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditLifecycle.name);

  constructor(
    @Inject(AUDIT_MODULE_OPTIONS) private readonly options: AuditModuleOptions,
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.eager !== true) return;
    await this.database.connection();
    if (this.options.migrate ?? this.config.database.migrateOnStart) {
      const applied = await this.database.migrate();
      if (applied.length > 0) this.logger.log({ migrations: applied }, 'migrations applied');
    }
    if (this.writer.stats().spooledEvents > 0) await this.writer.replaySpool();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
    await this.database.close();
  }
}
