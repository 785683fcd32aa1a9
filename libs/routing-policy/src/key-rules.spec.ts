import { compilePolicy } from './compiled-policy';
import { isLocalOnly } from './reason-codes';
import { parsePolicy } from './policy-parser';
import { decide } from './routing-engine';
import type { ChatMessage, KeyContext } from './routing.types';

const policy = compilePolicy(
  parsePolicy({
    sensitivity: { keywords: ['confidential'] },
    cost: {
      max_prompt_length_for_local: 10,
      max_usd_for_local: null,
      input_usd_per_1m_tokens: 10_000,
      chars_per_token: 4,
      default_provider: 'cloud',
    },
  }),
  { kind: 'builtin' },
);
const long: ChatMessage[] = [
  { role: 'user', content: 'a long prompt that the policy would send to the cloud' },
];
const key = (attributes: Partial<KeyContext> = {}): KeyContext => ({
  local_only: false,
  daily_cloud_usd: null,
  ...attributes,
});

describe('decide with the calling key', () => {
  it('keeps everything a local-only key sends local, before any rule of the policy', () => {
    const decision = decide([{ role: 'user', content: 'confidential' }, ...long], policy, {
      key: key({ local_only: true }),
    });
    expect(decision).toMatchObject({ provider: 'local', reason_codes: ['key_local_only'] });
    expect(decision.trace.rules.map((rule) => [rule.rule, rule.matched])).toEqual([
      ['key_local_only', true],
      ['key_budget', false],
      ['sensitive_keyword', true],
      ['pii', false],
      ['cloud_budget', false],
      ['cost', false],
      ['default', true],
    ]);
    expect(isLocalOnly(decision.reason_codes)).toBe(true);
  });

  it("routes local with key_budget_exceeded once the key's spend plus this estimate passes its budget", () => {
    const within = decide(long, policy, { key: key({ daily_cloud_usd: 1, cloud_spend_today_usd: 0.5 }) });
    expect(within).toMatchObject({ provider: 'cloud', reason_codes: ['default'] });
    const over = decide(long, policy, { key: key({ daily_cloud_usd: 1, cloud_spend_today_usd: 0.99 }) });
    expect(over).toMatchObject({ provider: 'local', reason_codes: ['key_budget_exceeded'] });
    expect(over.trace.rules[1]!.details).toEqual({
      budget_usd_per_day: 1,
      spend_today_usd: 0.99,
      projected_spend_usd: 1.1225,
    });
    // Over budget is not a privacy class: a fallback may still go where the policy allows.
    expect(isLocalOnly(over.reason_codes)).toBe(false);
  });

  it('cannot fire the key budget rule while the spend is unknown', () => {
    expect(decide(long, policy, { key: key({ daily_cloud_usd: 0 }) }).reason_codes).toEqual(['default']);
  });

  it('gives the same decision, byte for byte, for the same messages, policy and key attributes', () => {
    const context = { key: key({ local_only: false, daily_cloud_usd: 2, cloud_spend_today_usd: 1.5 }) };
    expect(JSON.stringify(decide(long, policy, context))).toBe(JSON.stringify(decide(long, policy, context)));
  });

  it('leaves the trace as it was without a key (AUTH_MODE=none, the CLI)', () => {
    expect(decide(long, policy).trace.rules[0]!.rule).toBe('sensitive_keyword');
  });
});
