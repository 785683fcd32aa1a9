// The questions people ask of the audit table, each answered by an indexed query.
import { Injectable } from '@nestjs/common';
import type { AuditStatus } from '../audit-event.entity';
import { toAuditRow, type AuditRow } from '../audit-row';
import { AuditDatabase } from '../database/audit-database';

export interface AuditFilter {
  readonly since?: Date;
  readonly until?: Date;
  readonly provider?: string;
  readonly status?: AuditStatus;
  readonly reason?: string;
  readonly client_id?: string;
  /** A caller's inbound X-Request-Id. */
  readonly correlation_id?: string;
  /** The calling API key's id. */
  readonly key_id?: string;
  /** The calling API key's name (every key of that name, rotated ones included). */
  readonly key_name?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface AuditPage {
  readonly items: AuditRow[];
  readonly next_cursor: string | null;
}

export interface AuditStats {
  readonly since: string | null;
  readonly until: string | null;
  readonly total: number;
  readonly by_provider: Record<string, number>;
  readonly by_status: Record<string, number>;
  readonly by_reason: Record<string, number>;
  /** Requests served locally / all requests that were served; null when nothing was served. */
  readonly local_share: number | null;
  readonly failures: number;
  readonly cost_usd: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** Requests and cost per calling API key, most requests first; key_id null = no key. */
  readonly by_key: AuditKeyStats[];
}

export interface AuditKeyStats {
  readonly key_id: string | null;
  /** The key's name, when the key is in api_keys (the ADMIN_API_KEY bootstrap key is not). */
  readonly name: string | null;
  readonly requests: number;
  readonly cost_usd: number;
}

/** An opaque cursor: the (created_at, request_id) of the last row of the page. */
export class InvalidCursorError extends Error {
  readonly code = 'VALIDATION_FAILED' as const;
  constructor() {
    super('cursor is not valid');
  }
}

const MAX_LIMIT = 500;

function encodeCursor(row: AuditRow): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.request_id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; requestId: string } {
  const [createdAt, requestId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Both halves reach Postgres as a timestamptz and a uuid: anything else is a 400 here, not a 500 there.
  if (createdAt === undefined || requestId === undefined || Number.isNaN(Date.parse(createdAt)))
    throw new InvalidCursorError();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(requestId))
    throw new InvalidCursorError();
  return { createdAt, requestId };
}

@Injectable()
export class AuditQueryService {
  constructor(private readonly database: AuditDatabase) {}

  async findByRequestId(requestId: string): Promise<AuditRow | null> {
    const dataSource = await this.database.connection();
    const rows: Record<string, unknown>[] = await dataSource.query(
      'SELECT * FROM audit_events WHERE request_id = $1',
      [requestId],
    );
    return rows[0] === undefined ? null : toAuditRow(rows[0]);
  }

  /** Newest first, `limit` rows (default 50, at most 500), then `next_cursor` for the next page. */
  async listPage(filter: AuditFilter = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_LIMIT);
    const { where, params } = this.whereClause(filter);
    if (filter.cursor !== undefined) {
      const cursor = decodeCursor(filter.cursor);
      params.push(cursor.createdAt, cursor.requestId);
      where.push(`(created_at, request_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const dataSource = await this.database.connection();
    const rows: Record<string, unknown>[] = await dataSource.query(
      `SELECT * FROM audit_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, request_id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toAuditRow);
    const last = items.at(-1);
    return { items, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null };
  }

  async stats(
    window: Pick<AuditFilter, 'since' | 'until' | 'key_id' | 'key_name'> = {},
  ): Promise<AuditStats> {
    const { where, params } = this.whereClause(window);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const dataSource = await this.database.connection();
    const [totals]: {
      total: string;
      failures: string;
      served: string;
      served_local: string;
      cost: string | null;
      input_tokens: string | null;
      output_tokens: string | null;
    }[] = await dataSource.query(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE status = 'failure') AS failures,
              count(served_by) AS served,
              count(*) FILTER (WHERE served_by = 'local') AS served_local,
              sum(cost_usd) AS cost, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens
         FROM audit_events ${clause}`,
      params,
    );
    const grouped = async (expression: string): Promise<Record<string, number>> => {
      const rows: { key: string | null; count: string }[] = await dataSource.query(
        `SELECT ${expression} AS key, count(*) AS count FROM audit_events ${clause} GROUP BY 1 ORDER BY 2 DESC, 1`,
        params,
      );
      return Object.fromEntries(rows.map((row) => [row.key ?? 'none', Number(row.count)]));
    };
    const byReason: { key: string; count: string }[] = await dataSource.query(
      `SELECT code AS key, count(*) AS count FROM audit_events, unnest(reason_codes) AS code ${clause} GROUP BY 1 ORDER BY 2 DESC, 1`,
      params,
    );
    const byKey: { key_id: string | null; name: string | null; requests: string; cost: string | null }[] =
      await dataSource.query(
        `SELECT e.key_id, k.name, e.requests, e.cost FROM (
           SELECT key_id, count(*) AS requests, sum(cost_usd) AS cost FROM audit_events ${clause} GROUP BY 1
         ) e LEFT JOIN api_keys k ON k.id = e.key_id ORDER BY e.requests DESC, e.key_id NULLS LAST`,
        params,
      );
    const served = Number(totals?.served ?? 0);
    return {
      since: window.since?.toISOString() ?? null,
      until: window.until?.toISOString() ?? null,
      total: Number(totals?.total ?? 0),
      by_provider: await grouped('provider'),
      by_status: await grouped('status'),
      by_reason: Object.fromEntries(byReason.map((row) => [row.key, Number(row.count)])),
      local_share: served === 0 ? null : Number(totals?.served_local ?? 0) / served,
      failures: Number(totals?.failures ?? 0),
      cost_usd: Number(totals?.cost ?? 0),
      input_tokens: Number(totals?.input_tokens ?? 0),
      output_tokens: Number(totals?.output_tokens ?? 0),
      by_key: byKey.map((row) => ({
        key_id: row.key_id,
        name: row.name,
        requests: Number(row.requests),
        cost_usd: Number(row.cost ?? 0),
      })),
    };
  }

  /**
   * What the cloud has cost since a moment (the budget rule uses the start of the UTC day): in
   * all, or for one API key (its own budget).
   */
  async cloudSpendUsdSince(since: Date, keyId?: string): Promise<number> {
    const dataSource = await this.database.connection();
    const [row]: { spend: string | null }[] =
      keyId === undefined
        ? await dataSource.query(
            `SELECT sum(cost_usd) AS spend FROM audit_events WHERE served_by = 'cloud' AND created_at >= $1`,
            [since],
          )
        : await dataSource.query(
            `SELECT sum(cost_usd) AS spend FROM audit_events
              WHERE key_id = $2 AND served_by = 'cloud' AND created_at >= $1`,
            [since, keyId],
          );
    return Number(row?.spend ?? 0);
  }

  private whereClause(filter: AuditFilter): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.since !== undefined) add((p) => `created_at >= ${p}`, filter.since);
    if (filter.until !== undefined) add((p) => `created_at < ${p}`, filter.until);
    if (filter.provider !== undefined) add((p) => `provider = ${p}`, filter.provider);
    if (filter.status !== undefined) add((p) => `status = ${p}`, filter.status);
    if (filter.reason !== undefined) add((p) => `${p} = ANY(reason_codes)`, filter.reason);
    if (filter.client_id !== undefined) add((p) => `client_id = ${p}`, filter.client_id);
    if (filter.correlation_id !== undefined) add((p) => `correlation_id = ${p}`, filter.correlation_id);
    if (filter.key_id !== undefined) add((p) => `key_id = ${p}`, filter.key_id);
    if (filter.key_name !== undefined)
      add((p) => `key_id IN (SELECT id FROM api_keys WHERE name = ${p})`, filter.key_name);
    return { where, params };
  }
}
