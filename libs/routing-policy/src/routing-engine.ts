// decide(): the routing decision. Pure and synchronous — no I/O, no clock, no randomness — so the
// same messages under the same policy (and budget state) give the same decision, byte for byte.
import type { CompiledPolicy } from './compiled-policy';
import { runDetectors } from './pii-detectors';
import type { ReasonCode } from './reason-codes';
import type { ChatMessage, Decision, DecisionContext, RoutedProvider, RuleTrace } from './routing.types';
import { countCodePoints, foldNormalizedText, normalizeText } from './text-normalizer';

const TOKENS_PER_MILLION = 1_000_000;

/** Rounds a derived dollar figure so the trace is stable across platforms' float printing. */
function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

export function decide(
  messages: readonly ChatMessage[],
  compiled: CompiledPolicy,
  context: DecisionContext = {},
): Decision {
  const { policy } = compiled;
  const { cost, budget } = policy;

  // Everything that would be sent is scanned: every role, every turn, and any other text sent
  // with them (an OpenAI request's stop sequences). Only the messages count for cost.
  const contents = messages.map((message) => message.content);
  const text = (context.extraText === undefined ? contents : [...contents, ...context.extraText]).join('\n');
  const chars = messages.reduce((sum, message) => sum + countCodePoints(message.content), 0);
  // All-ASCII text (the common case) needs no folding: the automaton folds case and whitespace itself.
  let normalized = text;
  let keywordMatches = compiled.keywords.countAsciiMatches(text);
  if (keywordMatches === undefined) {
    normalized = normalizeText(text);
    keywordMatches = compiled.keywords.countMatches(
      foldNormalizedText(normalized, policy.sensitivity.normalization),
    );
  }
  const detectorHits = runDetectors(normalized, policy.sensitivity.detectors);
  const detectorsFired = Object.keys(detectorHits);

  const estimatedTokens = chars / cost.chars_per_token;
  const price = cost.input_usd_per_1m_tokens;
  const estimatedUsd = price === null ? null : roundUsd((estimatedTokens / TOKENS_PER_MILLION) * price);
  const usdMode = cost.max_usd_for_local !== null && price !== null;

  const spend = context.cloudSpendTodayUsd;
  const budgetLimit = budget.cloud_usd_per_day;
  const projectedSpend = spend === undefined ? null : roundUsd(spend + (estimatedUsd ?? 0));
  const budgetMatched =
    budgetLimit !== null &&
    spend !== undefined &&
    projectedSpend !== null &&
    (spend >= budgetLimit || projectedSpend > budgetLimit);

  // The key's rules come first: its privacy class and its own budget outrank anything in the text.
  const key = context.key;
  const keySpend = key?.cloud_spend_today_usd;
  const keyLimit = key?.daily_cloud_usd ?? null;
  const keyProjected = keySpend === undefined ? null : roundUsd(keySpend + (estimatedUsd ?? 0));
  const keyBudgetMatched =
    keyLimit !== null &&
    keySpend !== undefined &&
    keyProjected !== null &&
    (keySpend >= keyLimit || keyProjected > keyLimit);
  const keyRules: RuleTrace[] =
    key === undefined
      ? []
      : [
          {
            rule: 'key_local_only',
            reason_code: 'key_local_only',
            matched: key.local_only,
            details: { local_only: key.local_only },
          },
          {
            rule: 'key_budget',
            reason_code: 'key_budget_exceeded',
            matched: keyBudgetMatched,
            details: {
              budget_usd_per_day: keyLimit,
              spend_today_usd: keySpend ?? null,
              projected_spend_usd: keyLimit === null ? null : keyProjected,
            },
          },
        ];

  // The policy cannot scan an image: under `images: local` one keeps the request local. The rule is
  // traced only for a request that carries images, so text-only traces stay as they were.
  const images = context.images ?? 0;
  const imageRules: RuleTrace[] =
    images === 0
      ? []
      : [
          {
            rule: 'images',
            reason_code: 'image_present',
            matched: policy.images === 'local',
            details: { images, policy: policy.images },
          },
        ];

  const costMatched = usdMode
    ? (estimatedUsd ?? 0) <= (cost.max_usd_for_local ?? 0)
    : chars <= cost.max_prompt_length_for_local;
  const defaultProvider: RoutedProvider = cost.default_provider;

  const rules: RuleTrace[] = [
    ...keyRules,
    {
      rule: 'sensitive_keyword',
      reason_code: 'sensitive_keyword_match',
      matched: keywordMatches > 0,
      details: { keywords_configured: compiled.keywords.size, matches: keywordMatches },
    },
    {
      rule: 'pii',
      reason_code: 'pii_detected',
      matched: detectorsFired.length > 0,
      details: { detectors_enabled: [...policy.sensitivity.detectors], detectors_fired: detectorHits },
    },
    ...imageRules,
    {
      rule: 'cloud_budget',
      reason_code: 'cloud_budget_exceeded',
      matched: budgetMatched,
      details: {
        budget_usd_per_day: budgetLimit,
        spend_today_usd: spend ?? null,
        projected_spend_usd: budgetLimit === null ? null : projectedSpend,
      },
    },
    {
      rule: 'cost',
      reason_code: 'cost_prefer_local',
      matched: costMatched,
      details: usdMode
        ? {
            mode: 'usd',
            estimated_usd: estimatedUsd,
            max_usd_for_local: cost.max_usd_for_local,
            estimated_tokens: estimatedTokens,
            input_usd_per_1m_tokens: price,
          }
        : { mode: 'length', chars, max_prompt_length_for_local: cost.max_prompt_length_for_local },
    },
    {
      rule: 'default',
      reason_code: 'default',
      matched: true,
      details: { default_provider: defaultProvider },
    },
  ];

  const first = rules.find((rule) => rule.matched)!;
  const provider: RoutedProvider = first.rule === 'default' ? defaultProvider : 'local';
  const reasonCodes: ReasonCode[] = [first.reason_code];

  return {
    provider,
    reason_codes: reasonCodes,
    policy_version: compiled.version,
    trace: {
      rules,
      input: {
        chars,
        messages: messages.length,
        estimated_tokens: estimatedTokens,
        estimated_usd: estimatedUsd,
      },
      flags: {
        keyword_matches: keywordMatches,
        detectors: detectorHits,
        ...(images === 0 ? {} : { images }),
      },
    },
  };
}
