// The audit side of readiness, from what libs/audit exposes today (the database, the writer's
// stats, the spool folder). The one seam to replace when the audit lib offers plain checks itself.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AuditDatabase, AuditWriter } from '@app/audit';
import { AppConfig } from '@app/config';
import type { DatabaseCheck, SpoolCheck } from './readiness-report';

const QUERY_TIMEOUT_MS = 2000;
const MIGRATIONS_TABLE = 'typeorm_migrations';

/** Postgres's undefined_table: a database no migration ever ran on. */
function isUndefinedTable(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError;
  return driverError?.code === '42P01';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Null when a batch could be appended: the folder, or the nearest folder it would be made in, is writable. */
function spoolProblem(directory: string): string | null {
  for (let path = directory; ; path = dirname(path)) {
    try {
      if (!statSync(path).isDirectory()) return `${path} is not a folder`;
      accessSync(path, constants.W_OK);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(path) === path)
        return `spool folder not writable (${code ?? 'error'})`;
    }
  }
}

@Injectable()
export class AuditChecks {
  constructor(
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
  ) {}

  async databaseCheck(): Promise<DatabaseCheck> {
    const embedded = this.database.isEmbedded;
    try {
      // Opening may start the embedded server (the CLI's first use); only the query is timed. One
      // pooled query, released at once: the gateway probes this every few seconds, and the embedded
      // database has a single connection that audit writes need.
      const dataSource = await this.database.connection();
      const applied = await withTimeout(
        dataSource
          .query<{ name: string }[]>(`SELECT name FROM ${MIGRATIONS_TABLE}`)
          .catch((error: unknown) => {
            if (isUndefinedTable(error)) return [];
            throw error;
          }),
        QUERY_TIMEOUT_MS,
      );
      const done = new Set(applied.map((row) => row.name));
      const pending = dataSource.migrations
        .map((migration) => migration.name ?? migration.constructor.name)
        .filter((name) => !done.has(name));
      return {
        status: 'up',
        embedded,
        pending_migrations: pending,
        detail: pending.length === 0 ? null : `pending migrations: ${pending.join(', ')}`,
      };
    } catch (error) {
      return { status: 'down', embedded, pending_migrations: [], detail: (error as Error).message };
    }
  }

  spoolCheck(): SpoolCheck {
    const { spooledEvents, queueDepth } = this.writer.stats();
    const problem = spoolProblem(this.config.audit.spoolDir);
    return {
      status: problem === null ? 'up' : 'down',
      spooled_events: spooledEvents,
      queue_depth: queueDepth,
      detail: problem ?? (spooledEvents > 0 ? `${spooledEvents} event(s) waiting for the database` : null),
    };
  }
}
