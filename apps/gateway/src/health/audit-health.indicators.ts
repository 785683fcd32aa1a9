// Readiness for the audit promise, in Terminus's terms, from the audit lib's plain checks. The
// replica is ready while every answer can be made durable: the database answers, or the spool can
// take the batch. Only when neither can is it down (and answers would fail closed with 503).
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AuditHealth } from '@app/audit';

@Injectable()
export class AuditHealthIndicators {
  constructor(
    private readonly audit: AuditHealth,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** `database` and `audit_spool`, each up while the replica can audit. */
  async check(): Promise<HealthIndicatorResult> {
    const { can_audit: canAudit, database, spool } = await this.audit.readiness();
    const databaseIndicator = this.indicators.check('database');
    const spoolIndicator = this.indicators.check('audit_spool');
    const databaseState = {
      reachable: database.reachable,
      embedded: database.embedded,
      ...(database.detail === undefined ? {} : { detail: database.detail }),
    };
    const spoolState = {
      state: !spool.writable ? 'unwritable' : spool.spooled_events > 0 ? 'degraded' : 'empty',
      writable: spool.writable,
      spooled_events: spool.spooled_events,
      queue_depth: spool.queue_depth,
      quarantined_lines: spool.quarantined_lines,
      ...(spool.detail === undefined ? {} : { detail: spool.detail }),
    };
    return {
      ...(canAudit ? databaseIndicator.up(databaseState) : databaseIndicator.down(databaseState)),
      ...(canAudit ? spoolIndicator.up(spoolState) : spoolIndicator.down(spoolState)),
    };
  }
}
