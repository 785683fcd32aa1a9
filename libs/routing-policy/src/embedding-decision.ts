// decideEmbeddings(): the routing decision for texts to embed. The same rules as chat, in the same
// order, with one more after the rules that keep text local: `embeddings.tier` pins every embedding
// to one tier, because vectors from different models live in different spaces and an index must be
// built and queried with one model. Pure and synchronous, like decide().
import type { CompiledPolicy } from './compiled-policy';
import { barsCloudFallback } from './reason-codes';
import { decide } from './routing-engine';
import type { ChatMessage, Decision, DecisionContext, RuleTrace } from './routing.types';

/** Each input is scanned and counted like one user message. */
export function embeddingMessages(inputs: readonly string[]): ChatMessage[] {
  return inputs.map((content) => ({ role: 'user', content }));
}

/**
 * A sensitive, PII-bearing, local-only-key or over-budget input stays local whatever the pin says;
 * with a cloud pin that is a conflict the caller refuses (pinConflict), rather than answering with
 * a vector from another space.
 */
export function decideEmbeddings(
  inputs: readonly string[],
  compiled: CompiledPolicy,
  context: DecisionContext = {},
): Decision {
  const decision = decide(embeddingMessages(inputs), compiled, context);
  const tier = compiled.policy.embeddings.tier;
  if (tier === null) return decision;
  const kept = barsCloudFallback(decision.reason_codes);
  const pin: RuleTrace = {
    rule: 'embeddings_tier',
    reason_code: 'embeddings_tier_pinned',
    matched: !kept,
    details: { tier },
  };
  // The pin is checked right after the rules that keep text local (and the budget caps).
  const costAt = decision.trace.rules.findIndex((rule) => rule.rule === 'cost');
  const rules = [...decision.trace.rules.slice(0, costAt), pin, ...decision.trace.rules.slice(costAt)];
  const trace = { ...decision.trace, rules };
  if (kept) return { ...decision, trace };
  return { ...decision, provider: tier, reason_codes: ['embeddings_tier_pinned'], trace };
}

/** A cloud pin met an input that must stay local: no vector from the pinned space can be given. */
export function isPinConflict(decision: Decision, compiled: CompiledPolicy): boolean {
  const tier = compiled.policy.embeddings.tier;
  return tier !== null && decision.provider !== tier;
}
