// The one audit event of a request, built from its run and how it ended. Metadata only: the
// messages contribute a keyed fingerprint, a length, a count and the matchers' counts.
import type { AuditEventInput } from '@app/audit';
import type { ProviderError, Tier, TokenUsage } from '@app/providers';
import type { Policy } from '@app/routing-policy';
import type { ChatRun } from './chat-run';
import type { ChatEndpoint } from './chat.types';

/** How a run ended at its provider. */
export type RunOutcome =
  | {
      readonly status: 'success';
      readonly model: string;
      readonly usage: TokenUsage | null;
      readonly finish_reason: string | null;
    }
  | {
      readonly status: 'failure';
      readonly model: string;
      readonly failure: ProviderError;
      /** Why the gateway ended the run itself, where the category alone does not say (STREAM_STALLED). */
      readonly error_code?: string;
    };

/** The original contract's decision string, `provider=<p>,reason_codes=<a,b>`. */
function decisionString(provider: string, reasonCodes: readonly string[]): string {
  return `provider=${provider},reason_codes=${reasonCodes.join(',')}`;
}

/** The estimated USD of an answer: local is free; the cloud at the policy's prices, when it has any. */
export function costOf(tier: Tier, usage: TokenUsage | null, cost: Policy['cost']): number | null {
  if (tier === 'local') return 0;
  const { input_usd_per_1m_tokens: inputPrice, output_usd_per_1m_tokens: outputPrice } = cost;
  if (usage === null || (inputPrice === null && outputPrice === null)) return null;
  return (usage.input_tokens * (inputPrice ?? 0) + usage.output_tokens * (outputPrice ?? 0)) / 1_000_000;
}

export function runAuditEvent(
  run: ChatRun,
  outcome: RunOutcome,
  derived: { readonly fingerprint: string; readonly cost_usd: number | null },
): AuditEventInput {
  const { decision, input, attempt } = run;
  const usage = outcome.status === 'success' ? outcome.usage : null;
  return {
    request_id: input.request_id,
    correlation_id: input.correlation_id ?? null,
    created_at: run.clock.started_at,
    endpoint: input.endpoint,
    status: outcome.status,
    failure_category: outcome.status === 'failure' ? outcome.failure.category : null,
    error_code: outcome.status === 'failure' ? (outcome.error_code ?? null) : null,
    provider: decision.provider,
    served_by: outcome.status === 'success' ? attempt.provider : null,
    model: outcome.model,
    reason_codes: [...attempt.reason_codes],
    decision: decisionString(decision.provider, attempt.reason_codes),
    policy_version: decision.policy_version,
    prompt_fingerprint: derived.fingerprint,
    prompt_length: decision.trace.input.chars,
    message_count: input.messages.length,
    prompt_flags: { ...decision.trace.flags },
    latency_ms: run.latency_ms,
    provider_latency_ms: run.provider_latency_ms,
    input_tokens: usage?.input_tokens ?? null,
    output_tokens: usage?.output_tokens ?? null,
    cost_usd: derived.cost_usd,
    client_id: input.client_id ?? null,
    stream: run.stream,
    key_id: input.key?.id ?? null,
  };
}

/**
 * A request the orchestration decided and then refused without asking a provider (an embedding
 * pinned to the cloud whose text must stay local): the decision's facts, no model, no answer.
 */
export function refusedRunAuditEvent(run: ChatRun, errorCode: string, fingerprint: string): AuditEventInput {
  const event = runAuditEvent(
    run,
    { status: 'success', model: '', usage: null, finish_reason: null },
    { fingerprint, cost_usd: null },
  );
  return {
    ...event,
    status: 'rejected',
    error_code: errorCode,
    served_by: null,
    model: null,
    provider_latency_ms: null,
  };
}

/** A request refused before it reached the orchestration (invalid input after its id was given). */
export function rejectionAuditEvent(
  requestId: string,
  endpoint: ChatEndpoint,
  errorCode: string,
  correlationId: string | null,
  keyId: string | null,
): AuditEventInput {
  return {
    request_id: requestId,
    correlation_id: correlationId,
    created_at: new Date(),
    endpoint: endpoint,
    status: 'rejected',
    failure_category: null,
    error_code: errorCode,
    provider: null,
    served_by: null,
    model: null,
    reason_codes: [],
    decision: null,
    policy_version: null,
    prompt_fingerprint: null,
    prompt_length: 0,
    message_count: 0,
    prompt_flags: {},
    latency_ms: 0,
    provider_latency_ms: null,
    input_tokens: null,
    output_tokens: null,
    cost_usd: null,
    client_id: null,
    stream: false,
    key_id: keyId,
  };
}
