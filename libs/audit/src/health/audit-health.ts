// Plain facts for readiness, without any health-check framework: does the database answer, can
// the spool take a batch, how much waits in it. The gateway (or one readiness service) decides
// what they mean; the rule the audit promise needs is `can_audit`: the database or the spool.
import { Injectable } from '@nestjs/common';
import { AuditDatabase } from '../database/audit-database';
import { AuditWriter } from '../writer/audit-writer.service';

const PROBE_TIMEOUT_MS = 2000;

export interface AuditDatabaseCheck {
  readonly reachable: boolean;
  readonly embedded: boolean;
  readonly detail?: string;
}

export interface AuditSpoolCheck {
  readonly writable: boolean;
  readonly spooled_events: number;
  readonly queue_depth: number;
  readonly quarantined_lines: number;
  readonly detail?: string;
}

export interface AuditReadiness {
  /** Every answer can be made durable: the database answers, or the spool can take it. */
  readonly can_audit: boolean;
  readonly database: AuditDatabaseCheck;
  readonly spool: AuditSpoolCheck;
}

@Injectable()
export class AuditHealth {
  constructor(
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
  ) {}

  async databaseCheck(): Promise<AuditDatabaseCheck> {
    const embedded = this.database.isEmbedded;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.database.connection().then((dataSource) => dataSource.query('SELECT 1')),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return { reachable: true, embedded };
    } catch (error) {
      return { reachable: false, embedded, detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
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

  async readiness(): Promise<AuditReadiness> {
    const database = await this.databaseCheck();
    const spool = this.spoolCheck();
    return { can_audit: database.reachable || spool.writable, database, spool };
  }
}
