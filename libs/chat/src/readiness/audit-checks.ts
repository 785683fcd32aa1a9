// The audit side of readiness: the audit lib's plain facts in the report's shape.
import { Injectable } from '@nestjs/common';
import { AuditHealth } from '@app/audit';
import type { DatabaseCheck, SpoolCheck } from './readiness-report';

@Injectable()
export class AuditChecks {
  constructor(private readonly health: AuditHealth) {}

  async databaseCheck(): Promise<DatabaseCheck> {
    const check = await this.health.databaseCheck();
    const pending = check.pending_migrations;
    return {
      status: check.reachable ? 'up' : 'down',
      embedded: check.embedded,
      pending_migrations: pending,
      detail: check.detail ?? (pending.length === 0 ? null : `pending migrations: ${pending.join(', ')}`),
    };
  }

  spoolCheck(): SpoolCheck {
    const check = this.health.spoolCheck();
    const waiting = check.spooled_events;
    return {
      status: check.writable ? 'up' : 'down',
      spooled_events: waiting,
      queue_depth: check.queue_depth,
      detail: check.detail ?? (waiting > 0 ? `${waiting} event(s) waiting for the database` : null),
    };
  }
}
