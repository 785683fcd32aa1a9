// The audit row, declared once: one row per chat request, a keyed fingerprint and metadata of the
// prompt, never its text. Property names are the column names (the wire's snake_case), so the
// INSERT, the chain's hash input, the query mapping, the API body and the export are this class's
// fields, derived in audit-row.ts, and no layer renames anything.
import { Column, Entity, Index, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';

export type AuditStatus = 'success' | 'failure' | 'rejected';

/** pg returns bigint and numeric as strings; rows hold numbers (seq stays far below 2^53). */
export const asNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'audit_events' })
@Index('audit_events_created_at_idx', ['created_at'])
@Index('audit_events_provider_created_at_idx', ['provider', 'created_at'])
@Index('audit_events_client_created_at_idx', ['client_id', 'created_at'])
@Index('audit_events_correlation_created_at_idx', ['correlation_id', 'created_at'])
@Index('audit_events_key_created_at_idx', ['key_id', 'created_at'])
@Index('audit_events_chain_seq_key', ['chain_id', 'seq'], { unique: true })
export class AuditEventEntity {
  /** Storage detail: not chained, not shown. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** The gateway's own id for the request (UUID v7), never a caller's. */
  @Index('audit_events_request_id_key', { unique: true })
  @Column({ type: 'uuid' })
  request_id!: string;

  /** A caller's inbound X-Request-Id, kept for searching; never trusted for uniqueness. */
  @Column({ type: 'text', nullable: true })
  correlation_id!: string | null;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'text' })
  endpoint!: string;

  @Column({ type: 'text' })
  status!: AuditStatus;

  /** A provider failure's category (timeout, …); only failure categories, never a rejection's code. */
  @Column({ type: 'text', nullable: true })
  failure_category!: string | null;

  /** A refused request's stable error code (VALIDATION_FAILED, AUTH_INVALID, …). */
  @Column({ type: 'text', nullable: true })
  error_code!: string | null;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ type: 'text', nullable: true })
  served_by!: string | null;

  @Column({ type: 'text', nullable: true })
  model!: string | null;

  @Column({ type: 'text', array: true })
  reason_codes!: string[];

  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  @Column({ type: 'text', nullable: true })
  policy_version!: string | null;

  @Column({ type: 'text', nullable: true })
  prompt_fingerprint!: string | null;

  @Column({ type: 'integer' })
  prompt_length!: number;

  @Column({ type: 'integer' })
  message_count!: number;

  @Column({ type: 'jsonb' })
  prompt_flags!: Record<string, unknown>;

  @Column({ type: 'integer' })
  latency_ms!: number;

  @Column({ type: 'integer', nullable: true })
  provider_latency_ms!: number | null;

  @Column({ type: 'integer', nullable: true })
  input_tokens!: number | null;

  @Column({ type: 'integer', nullable: true })
  output_tokens!: number | null;

  @Column({ type: 'numeric', precision: 18, scale: 10, nullable: true, transformer: asNumber })
  cost_usd!: number | null;

  @Column({ type: 'text', nullable: true })
  client_id!: string | null;

  @Column({ type: 'boolean' })
  stream!: boolean;

  /** The calling API key's id (never the key); null when AUTH_MODE=none and for the CLI. */
  @Column({ type: 'uuid', nullable: true })
  key_id!: string | null;

  /** One chain per writer process. */
  @Column({ type: 'uuid' })
  chain_id!: string;

  @Column({ type: 'bigint', transformer: asNumber })
  seq!: number;

  @Column({ type: 'text' })
  prev_hash!: string;

  /** HMAC-SHA-256 with the chain key over prev_hash and the JCS form of the other fields. */
  @Column({ type: 'text' })
  hash!: string;
}
