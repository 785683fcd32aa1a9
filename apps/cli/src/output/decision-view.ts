// `route explain` as a person reads it: the rule that decides, the ones before it that did not
// match, the ones after it marked as not deciding, and every number with its label.
import type { Decision, RuleTrace } from '@app/routing-policy';

export type RuleVerdict = 'did not match' | 'decides' | 'also true (not deciding)' | 'not reached';

/** First match wins: the verdict of each rule, in order. */
export function ruleVerdicts(rules: readonly RuleTrace[]): RuleVerdict[] {
  const deciding = rules.findIndex((rule) => rule.matched);
  return rules.map((rule, index) =>
    index < deciding
      ? 'did not match'
      : index === deciding
        ? 'decides'
        : rule.matched
          ? 'also true (not deciding)'
          : 'not reached',
  );
}

const LABELS: Readonly<Record<string, string>> = {
  keywords_configured: 'keywords configured',
  matches: 'keyword matches',
  detectors_enabled: 'detectors on',
  detectors_fired: 'detectors fired',
  budget_usd_per_day: 'daily budget',
  spend_today_usd: 'spent today',
  projected_spend_usd: 'spend with this prompt',
  mode: 'mode',
  estimated_usd: 'estimated cost',
  max_usd_for_local: 'local up to',
  estimated_tokens: 'estimated tokens',
  input_usd_per_1m_tokens: 'price per 1M input tokens',
  chars: 'characters',
  max_prompt_length_for_local: 'local up to (characters)',
  default_provider: 'default provider',
  tier: 'pinned tier',
};

export function formatUsd(value: number): string {
  const small = value !== 0 && Math.abs(value) < 0.01;
  return `$${value
    .toFixed(small ? 8 : 2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')}`;
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return key === 'spend_today_usd' ? 'unknown' : 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? 'none'
      : entries.map(([name, count]) => `${name} ×${String(count)}`).join(', ');
  }
  if (typeof value === 'number')
    return key.endsWith('usd') || key.includes('usd_')
      ? formatUsd(value)
      : String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** "label: value" pairs of a rule's numbers. */
export function labelledDetails(details: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(details).map(
    ([key, value]) => `${LABELS[key] ?? key.replace(/_/g, ' ')}: ${formatValue(key, value)}`,
  );
}

export function decisionLines(decision: Decision): string[] {
  const { input } = decision.trace;
  const verdicts = ruleVerdicts(decision.trace.rules);
  const lines = [
    `provider:       ${decision.provider}`,
    `reason codes:   ${decision.reason_codes.join(', ')}`,
    `policy version: ${decision.policy_version}`,
    `input:          characters: ${input.chars}, messages: ${input.messages}, estimated tokens: ${formatValue('estimated_tokens', input.estimated_tokens)}, estimated cost: ${input.estimated_usd === null ? 'no price set' : formatUsd(input.estimated_usd)}`,
    'rules (tried in order; the first that holds decides):',
  ];
  decision.trace.rules.forEach((rule, index) => {
    const verdict = verdicts[index]!;
    lines.push(
      `  ${verdict === 'decides' ? '>' : ' '} ${index + 1}. ${rule.rule.padEnd(18)} ${rule.reason_code.padEnd(24)} ${verdict}`,
    );
    lines.push(`       ${labelledDetails(rule.details).join(' · ')}`);
  });
  return lines;
}
