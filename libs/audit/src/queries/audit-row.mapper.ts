// Rows as pg returns them -> the canonical row and the view the API shows.
import type { AuditEventView, AuditRow, AuditStatus } from '../audit-event.types';

export interface RawAuditRow {
  request_id: string;
  created_at: Date;
  endpoint: string;
  status: string;
  failure_category: string | null;
  provider: string | null;
  served_by: string | null;
  model: string | null;
  reason_codes: string[];
  decision: string | null;
  policy_version: string | null;
  prompt_fingerprint: string | null;
  prompt_length: number;
  message_count: number;
  prompt_flags: Record<string, unknown>;
  latency_ms: number;
  provider_latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: string | null;
  client_id: string | null;
  stream: boolean;
  chain_id: string;
  seq: string;
  prev_hash: string;
  hash: string;
}

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
