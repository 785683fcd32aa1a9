// This process's chain: one id per writer process (replicas never contend), a gapless seq, and the
// last hash. Only the writer's single flush loop calls next().
import { v7 as uuidv7 } from 'uuid';
import type { AuditEventInput, AuditRow } from '../audit-event.types';
import { GENESIS_HASH, rowHash, toCostString } from './row-hash';

export class ChainState {
  readonly chainId = uuidv7();
  private seq = 0;
  private lastHash = GENESIS_HASH;

  next(event: AuditEventInput): AuditRow {
    this.seq += 1;
    const row: Omit<AuditRow, 'hash'> = {
      request_id: event.request_id,
      created_at: event.created_at.toISOString(),
      endpoint: event.endpoint,
      status: event.status,
      failure_category: event.failure_category,
      provider: event.provider,
      served_by: event.served_by,
      model: event.model,
      reason_codes: [...event.reason_codes],
      decision: event.decision,
      policy_version: event.policy_version,
      prompt_fingerprint: event.prompt_fingerprint,
      prompt_length: event.prompt_length,
      message_count: event.message_count,
      prompt_flags: { ...event.prompt_flags },
      latency_ms: Math.round(event.latency_ms),
      provider_latency_ms: event.provider_latency_ms === null ? null : Math.round(event.provider_latency_ms),
      input_tokens: event.input_tokens,
      output_tokens: event.output_tokens,
      cost_usd: toCostString(event.cost_usd),
      client_id: event.client_id,
      stream: event.stream,
      chain_id: this.chainId,
      seq: this.seq,
      prev_hash: this.lastHash,
    };
    const hash = rowHash(row);
    this.lastHash = hash;
    return { ...row, hash };
  }
}
