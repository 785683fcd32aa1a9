// What "ready" means, decided in one place for `GET /v1/health/ready` and `policy-mesh health`:
// this replica can serve and audit, i.e. its audit rows have somewhere durable to go (the database,
// or the spool while the database is away). Providers are reported, never a reason to be unready:
// a replica whose Ollama is down still serves the cloud, and pulling it would stop that too.
import type { Upstream } from '@app/providers';

export type ReadinessStatus = 'ready' | 'degraded' | 'not_ready';

export interface DatabaseCheck {
  readonly status: 'up' | 'down';
  readonly embedded: boolean;
  /** Migrations the code has and the database lacks: inserts fail (and spool) until they are applied. */
  readonly pending_migrations: readonly string[];
  readonly detail: string | null;
}

export interface SpoolCheck {
  /** up: the spool folder can take a batch. */
  readonly status: 'up' | 'down';
  readonly spooled_events: number;
  readonly queue_depth: number;
  readonly detail: string | null;
}

export interface ProviderCheck {
  /** unknown: the first probe has not answered yet (the gateway's probe waits only briefly). */
  readonly status: 'up' | 'down' | 'not_configured' | 'unknown';
  readonly upstream: Upstream;
  readonly detail: string | null;
}

export interface ReadinessChecks {
  readonly database: DatabaseCheck;
  readonly audit_spool: SpoolCheck;
  readonly local_provider: ProviderCheck;
  readonly cloud_provider: ProviderCheck;
}

export interface ReadinessReport {
  readonly status: ReadinessStatus;
  readonly checks: ReadinessChecks;
}

/**
 * ready: the database takes rows and nothing waits in the spool. degraded: answers are still made
 * durable, but on one leg (rows spool while the database is away or behind on migrations, a spool
 * waits for replay, or the spool could not take a batch should the database fail). not_ready:
 * neither the database nor the spool can take a row, so every answer would fail closed.
 */
export function readinessStatus(checks: Pick<ReadinessChecks, 'database' | 'audit_spool'>): ReadinessStatus {
  const databaseTakesRows =
    checks.database.status === 'up' && checks.database.pending_migrations.length === 0;
  const spoolTakesRows = checks.audit_spool.status === 'up';
  if (!databaseTakesRows && !spoolTakesRows) return 'not_ready';
  if (databaseTakesRows && spoolTakesRows && checks.audit_spool.spooled_events === 0) return 'ready';
  return 'degraded';
}
