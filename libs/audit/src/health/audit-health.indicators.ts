// Readiness: the database answers, and the spool is reported (non-empty = degraded, still ready,
// since every answer is still made durable on disk).
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AuditDatabase } from '../database/audit-database';
import { AuditWriter } from '../writer/audit-writer.service';

const PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly database: AuditDatabase,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'database'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const dataSource = await this.database.connection();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        dataSource.query('SELECT 1'),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS)),
        ),
      ]).finally(() => clearTimeout(timer));
      return indicator.up({ embedded: this.database.isEmbedded });
    } catch (error) {
      return indicator.down({ embedded: this.database.isEmbedded, detail: (error as Error).message });
    }
  }
}

@Injectable()
export class SpoolHealthIndicator {
  constructor(
    private readonly writer: AuditWriter,
    private readonly indicators: HealthIndicatorService,
  ) {}

  isHealthy(key = 'audit_spool'): HealthIndicatorResult {
    const { spooledEvents, queueDepth } = this.writer.stats();
    return this.indicators.check(key).up({
      state: spooledEvents > 0 ? 'degraded' : 'empty',
      spooled_events: spooledEvents,
      queue_depth: queueDepth,
    });
  }
}
