import type { AuditStatus } from './audit-event.entity';

export type { AuditStatus };

/** What the orchestration hands over for one request; the writer adds the chain fields. */
export interface AuditEventInput {
  readonly request_id: string;
  readonly created_at: Date;
  readonly endpoint: string;
  readonly status: AuditStatus;
  readonly failure_category: string | null;
  /** A rejection's stable error code (VALIDATION_FAILED, …); failure_category holds only failure categories. */
  readonly error_code: string | null;
  readonly provider: string | null;
  readonly served_by: string | null;
  readonly model: string | null;
  readonly reason_codes: readonly string[];
  readonly decision: string | null;
  readonly policy_version: string | null;
  readonly prompt_fingerprint: string | null;
  readonly prompt_length: number;
  readonly message_count: number;
  readonly prompt_flags: Readonly<Record<string, unknown>>;
  readonly latency_ms: number;
  readonly provider_latency_ms: number | null;
  readonly input_tokens: number | null;
  readonly output_tokens: number | null;
  readonly cost_usd: number | null;
  readonly client_id: string | null;
  readonly stream: boolean;
}

/** A row as stored and as read back: every field in its canonical, JSON-safe form. */
export interface AuditRow {
  request_id: string;
  created_at: string;
  endpoint: string;
  status: AuditStatus;
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
  /** Fixed 10 decimals, exactly as numeric(18,10) returns it. */
  cost_usd: string | null;
  client_id: string | null;
  stream: boolean;
  chain_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
}

/** An audit event as the API and the CLI show it. */
export interface AuditEventView extends Omit<AuditRow, 'cost_usd'> {
  cost_usd: number | null;
}

export const AUDIT_COLUMNS = [
  'request_id',
  'created_at',
  'endpoint',
  'status',
  'failure_category',
  'provider',
  'served_by',
  'model',
  'reason_codes',
  'decision',
  'policy_version',
  'prompt_fingerprint',
  'prompt_length',
  'message_count',
  'prompt_flags',
  'latency_ms',
  'provider_latency_ms',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'client_id',
  'stream',
  'chain_id',
  'seq',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];
