// One row per chat request: a keyed fingerprint and metadata of the prompt, never its text.
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditStatus = 'success' | 'failure' | 'rejected';

@Entity({ name: 'audit_events' })
@Index('audit_events_created_at_idx', ['createdAt'])
@Index('audit_events_provider_created_at_idx', ['provider', 'createdAt'])
@Index('audit_events_client_created_at_idx', ['clientId', 'createdAt'])
@Index('audit_events_chain_seq_key', ['chainId', 'seq'], { unique: true })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Index('audit_events_request_id_key', { unique: true })
  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'text' })
  endpoint!: string;

  @Column({ type: 'text' })
  status!: AuditStatus;

  @Column({ name: 'failure_category', type: 'text', nullable: true })
  failureCategory!: string | null;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ name: 'served_by', type: 'text', nullable: true })
  servedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  model!: string | null;

  @Column({ name: 'reason_codes', type: 'text', array: true })
  reasonCodes!: string[];

  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  @Column({ name: 'policy_version', type: 'text', nullable: true })
  policyVersion!: string | null;

  @Column({ name: 'prompt_fingerprint', type: 'text', nullable: true })
  promptFingerprint!: string | null;

  @Column({ name: 'prompt_length', type: 'integer' })
  promptLength!: number;

  @Column({ name: 'message_count', type: 'integer' })
  messageCount!: number;

  @Column({ name: 'prompt_flags', type: 'jsonb' })
  promptFlags!: Record<string, unknown>;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ name: 'provider_latency_ms', type: 'integer', nullable: true })
  providerLatencyMs!: number | null;

  @Column({ name: 'input_tokens', type: 'integer', nullable: true })
  inputTokens!: number | null;

  @Column({ name: 'output_tokens', type: 'integer', nullable: true })
  outputTokens!: number | null;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 18, scale: 10, nullable: true })
  costUsd!: string | null;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ type: 'boolean' })
  stream!: boolean;

  @Column({ name: 'chain_id', type: 'uuid' })
  chainId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
