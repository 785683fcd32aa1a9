// Plain facts for readiness, without any health-check framework: does the database answer (and
// does it have every migration), can the spool take a batch, how much waits in it. What they mean
// is decided once, by the readiness service of libs/chat.
import { Injectable } from '@nestjs/common';
import { AuditDatabase } from '../database/audit-database';
import { AuditWriter } from '../writer/audit-writer.service';

const QUERY_TIMEOUT_MS = 2000;
const MIGRATIONS_TABLE = 'typeorm_migrations';

export interface AuditDatabaseCheck {
  readonly reachable: boolean;
  readonly embedded: boolean;
  /** Migrations the code has and the database lacks: inserts fail (and spool) until they are applied. */
  readonly pending_migrations: readonly string[];
  readonly detail?: string;
}

export interface AuditSpoolCheck {
  readonly writable: boolean;
  readonly spooled_events: number;
  readonly queue_depth: number;
  readonly quarantined_lines: number;
  readonly detail?: string;
}

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

@Injectable()
export class AuditHealth {
  constructor(
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
  ) {}

  async databaseCheck(): Promise<AuditDatabaseCheck> {
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
      return { reachable: true, embedded, pending_migrations: pending };
    } catch (error) {
      return { reachable: false, embedded, pending_migrations: [], detail: (error as Error).message };
    }
  }

  spoolCheck(): AuditSpoolCheck {
    const probe = this.writer.probeSpool();
    const stats = this.writer.stats();
    return {
      writable: probe.writable,
      spooled_events: stats.spooledEvents,
      queue_depth: stats.queueDepth,
      quarantined_lines: stats.quarantinedLines,
      ...(probe.detail === undefined ? {} : { detail: probe.detail }),
    };
  }
}
