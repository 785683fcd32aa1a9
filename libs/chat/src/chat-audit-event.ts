// The one audit event of a request, built from what the orchestration saw. Metadata only: the
// messages contribute a keyed fingerprint, a length, a count and the matchers' counts.
import type { AuditEventInput, AuditStatus } from '@app/audit';
import type { TokenUsage } from '@app/providers';
import type { ChatMessage, Decision, ReasonCode } from '@app/routing-policy';
import { ENDPOINT_PATHS, type ChatEndpoint } from './chat.types';

export interface AuditFacts {
  readonly requestId: string;
  readonly startedAt: Date;
  readonly endpoint: ChatEndpoint;
  readonly status: AuditStatus;
  readonly failureCategory: string | null;
  readonly decision: Decision | null;
  readonly reasonCodes: readonly ReasonCode[];
  readonly servedBy: string | null;
  readonly model: string | null;
  readonly fingerprint: string | null;
  readonly messages: readonly ChatMessage[];
  readonly latencyMs: number;
  readonly providerLatencyMs: number | null;
  readonly usage: TokenUsage | null;
  readonly costUsd: number | null;
  readonly clientId: string | null;
  readonly correlationId: string | null;
  readonly stream: boolean;
}

export function decisionString(provider: string, reasonCodes: readonly string[]): string {
  return `provider=${provider},reason_codes=${reasonCodes.join(',')}`;
}

export function buildAuditEvent(facts: AuditFacts): AuditEventInput {
  const provider = facts.decision?.provider ?? null;
  return {
    request_id: facts.requestId,
    correlation_id: facts.correlationId,
    created_at: facts.startedAt,
    endpoint: ENDPOINT_PATHS[facts.endpoint],
    status: facts.status,
    failure_category: facts.failureCategory,
    provider,
    served_by: facts.servedBy,
    model: facts.model,
    reason_codes: [...facts.reasonCodes],
    decision: provider === null ? null : decisionString(provider, facts.reasonCodes),
    policy_version: facts.decision?.policy_version ?? null,
    prompt_fingerprint: facts.fingerprint,
    prompt_length:
      facts.decision?.trace.input.chars ?? facts.messages.reduce((sum, m) => sum + m.content.length, 0),
    message_count: facts.messages.length,
    prompt_flags: facts.decision === null ? {} : { ...facts.decision.trace.flags },
    latency_ms: facts.latencyMs,
    provider_latency_ms: facts.providerLatencyMs,
    input_tokens: facts.usage?.input_tokens ?? null,
    output_tokens: facts.usage?.output_tokens ?? null,
    cost_usd: facts.costUsd,
    client_id: facts.clientId,
    stream: facts.stream,
  };
}
