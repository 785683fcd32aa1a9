// Rows as pg returns them -> the canonical row and the view the API shows.
import type { AuditEventView, AuditRow, AuditStatus } from '../audit-event.types';

/** A row as pg returns it: timestamps as Date, numeric and bigint as strings. */
export type RawAuditRow = Omit<AuditRow, 'created_at' | 'cost_usd' | 'seq' | 'status'> & {
  created_at: Date;
  status: string;
  cost_usd: string | null;
  seq: string;
};

export function toAuditRow(raw: RawAuditRow & { id?: unknown }): AuditRow {
  // The surrogate id is storage detail: not part of the chained fields, not shown.
  const { id: _id, ...fields } = raw;
  return {
    ...fields,
    created_at: fields.created_at.toISOString(),
    status: fields.status as AuditStatus,
    cost_usd: fields.cost_usd === null ? null : Number(fields.cost_usd).toFixed(10),
    seq: Number(fields.seq),
  };
}

export function toAuditView(raw: RawAuditRow): AuditEventView {
  const row = toAuditRow(raw);
  return { ...row, cost_usd: row.cost_usd === null ? null : Number(row.cost_usd) };
}
