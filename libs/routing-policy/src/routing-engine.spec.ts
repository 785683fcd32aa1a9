import * as fc from 'fast-check';
import { compilePolicy } from './compiled-policy';
import { loadBuiltinPolicy } from './policy-loader';
import { parsePolicy } from './policy-parser';
import { decide } from './routing-engine';
import type { ChatMessage } from './routing.types';
import { foldText } from './text-normalizer';

const policyOf = (json: unknown) => compilePolicy(parsePolicy(json), { kind: 'builtin' });
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const ORIGINAL = {
  sensitivity: { keywords: ['internal', 'confidential', 'secret'] },
  cost: {
    max_prompt_length_for_local: 20,
    max_usd_for_local: null,
    input_usd_per_1m_tokens: null,
    chars_per_token: 4,
    default_provider: 'cloud',
  },
};

describe('decide', () => {
  const original = policyOf(ORIGINAL);

  it('routes a prompt with a keyword to local', () => {
    const decision = decide(user('please summarise this confidential memo for the board'), original);
    expect(decision.provider).toBe('local');
    expect(decision.reason_codes).toEqual(['sensitive_keyword_match']);
    expect(decision.trace.flags.keyword_matches).toBe(1);
  });

  it('finds a keyword in a system message or an earlier turn', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You handle INTERNAL documents only.' },
      { role: 'assistant', content: 'Understood, what should I write about today?' },
      { role: 'user', content: 'Write a long poem about the sea and the sky please' },
    ];
    expect(decide(messages, original).reason_codes).toEqual(['sensitive_keyword_match']);
  });

  it.each([
    ['full-width letters', 'a ＣＯＮＦＩＤＥＮＴＩＡＬ plan for everyone to read'],
    ['a zero-width space inside the keyword', 'a confi\u200bdential plan for everyone to read'],
    ['a soft hyphen and a joiner', 'an in\u00adter\u200dnal plan for everyone to read'],
    ['mixed case', 'a ConFiDenTiaL plan for everyone to read today'],
  ])('catches a keyword written with %s', (_label, text) => {
    expect(decide(user(text), original).reason_codes).toEqual(['sensitive_keyword_match']);
  });

  it.each([
    ['a line break inside a two-word keyword', 'the project\nfalcon plan, long enough to go to the cloud'],
    ['two spaces inside a two-word keyword', 'the project  falcon plan, long enough to go to the cloud'],
    [
      'a tab and spaces inside a two-word keyword',
      'the PROJECT \t falcon plan, long enough to go to the cloud',
    ],
    [
      'a no-break space inside a two-word keyword',
      'the project\u00a0falcon plan, long enough to go to the cloud',
    ],
    ['the Turkish dotted capital I', 'a CONF\u0130DENT\u0130AL plan for everyone to read'],
    ['a combining acute accent', 'a c\u0301onfidential plan for everyone to read'],
    ['precomposed accented letters', 'a c\u00f3nf\u00efdential plan for everyone to read'],
    ['a Cyrillic a (U+0430)', 'a confidenti\u0430l plan for everyone to read'],
    ['Cyrillic and Greek look-alikes', 'a \u0441\u03bfnfid\u0435nti\u0430l plan for everyone to read'],
  ])('catches a keyword written with %s', (_label, text) => {
    const policy = policyOf({ ...ORIGINAL, sensitivity: { keywords: ['confidential', 'project falcon'] } });
    expect(decide(user(text), policy).reason_codes).toEqual(['sensitive_keyword_match']);
  });

  it('catches a two-word keyword across text parts joined by a line break', () => {
    const policy = policyOf({ ...ORIGINAL, sensitivity: { keywords: ['Project  Falcon'] } });
    expect(
      decide(
        [...user('notes on project'), { role: 'user', content: 'falcon, long enough for the cloud' }],
        policy,
      ).reason_codes,
    ).toEqual(['sensitive_keyword_match']);
  });

  it('matches a keyword written in look-alike letters against plain text', () => {
    const policy = policyOf({ ...ORIGINAL, sensitivity: { keywords: ['\u0440\u0430yp\u0430l'] } });
    expect(decide(user('a paypal account for everyone to read'), policy).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('misses marks and look-alikes when the policy turns those foldings off', () => {
    const policy = policyOf({
      ...ORIGINAL,
      sensitivity: { keywords: ['confidential'], normalization: { strip_marks: false, confusables: false } },
    });
    expect(decide(user('a c\u0301onfidential plan for everyone to read'), policy).reason_codes).toEqual([
      'default',
    ]);
    expect(decide(user('a confidenti\u0430l plan for everyone to read'), policy).reason_codes).toEqual([
      'default',
    ]);
    // The dotted capital I is folded whatever the options say.
    expect(decide(user('a CONF\u0130DENT\u0130AL plan for everyone'), policy).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  it('leaves ASCII look-alikes, spaced-out letters and encodings out of scope', () => {
    for (const text of ['c0nfidential', 'c o n f i d e n t i a l', 'Y29uZmlkZW50aWFs', 'confi%64ential']) {
      expect(decide(user(`${text} plan for everyone to read`), original).reason_codes).toEqual(['default']);
    }
  });

  it('scans extra text sent with the messages (stop sequences) without counting it for cost', () => {
    const decision = decide(user('hello'), original, { extraText: ['CONFIDENTIAL', 'jane@example.com'] });
    expect(decision.reason_codes).toEqual(['sensitive_keyword_match']);
    expect(decision.trace.flags.detectors).toEqual({ email: 1 });
    expect(decision.trace.input.chars).toBe(5);
  });

  it('routes a prompt with PII to local when detectors are on', () => {
    const decision = decide(user('mail the long quarterly report to jane.doe@example.com today'), original);
    expect(decision.provider).toBe('local');
    expect(decision.reason_codes).toEqual(['pii_detected']);
    expect(decision.trace.flags.detectors).toEqual({ email: 1 });
    expect(JSON.stringify(decision.trace)).not.toContain('jane.doe');
  });

  it('ignores PII when detectors are switched off', () => {
    const policy = policyOf({ ...ORIGINAL, sensitivity: { keywords: [], detectors: [] } });
    expect(
      decide(user('mail the long quarterly report to jane.doe@example.com today'), policy).reason_codes,
    ).toEqual(['default']);
  });

  it('keeps a short prompt local in length mode, with == threshold routing local', () => {
    expect(decide(user('x'.repeat(20)), original)).toMatchObject({
      provider: 'local',
      reason_codes: ['cost_prefer_local'],
    });
    expect(decide(user('x'.repeat(21)), original)).toMatchObject({
      provider: 'cloud',
      reason_codes: ['default'],
    });
  });

  it('counts characters across every message for the cost rule', () => {
    expect(
      decide([...user('x'.repeat(10)), { role: 'assistant', content: 'y'.repeat(11) }], original)
        .reason_codes,
    ).toEqual(['default']);
  });

  it('uses USD mode when both max_usd_for_local and a price are set, ignoring the length threshold', () => {
    const policy = policyOf({
      ...ORIGINAL,
      cost: {
        ...ORIGINAL.cost,
        max_prompt_length_for_local: 1,
        max_usd_for_local: 0.001,
        input_usd_per_1m_tokens: 1000,
      },
    });
    // 4 chars/token: 4 chars = 1 token = 0.001 USD -> equal to the threshold -> local.
    const atThreshold = decide(user('abcd'), policy);
    expect(atThreshold.reason_codes).toEqual(['cost_prefer_local']);
    expect(atThreshold.trace.rules[3]!.details).toMatchObject({ mode: 'usd', estimated_usd: 0.001 });
    expect(decide(user('abcde'), policy).reason_codes).toEqual(['default']);
  });

  it('sends a long prompt to the default provider, local or public', () => {
    const local = policyOf({ ...ORIGINAL, cost: { ...ORIGINAL.cost, default_provider: 'local' } });
    expect(decide(user('x'.repeat(50)), local)).toMatchObject({
      provider: 'local',
      reason_codes: ['default'],
    });
    expect(decide(user('x'.repeat(50)), original)).toMatchObject({
      provider: 'cloud',
      reason_codes: ['default'],
    });
  });

  it("keeps requests local once the day's cloud budget would be exceeded", () => {
    const policy = policyOf({ ...ORIGINAL, budget: { cloud_usd_per_day: 5 } });
    const long = user('x'.repeat(50));
    expect(decide(long, policy, { cloudSpendTodayUsd: 4.99 }).provider).toBe('cloud');
    expect(decide(long, policy, { cloudSpendTodayUsd: 5 })).toMatchObject({
      provider: 'local',
      reason_codes: ['cloud_budget_exceeded'],
    });
    expect(decide(long, policy).provider).toBe('cloud');
  });

  it("counts this request's estimated cost against the budget", () => {
    const policy = policyOf({
      ...ORIGINAL,
      cost: { ...ORIGINAL.cost, input_usd_per_1m_tokens: 1_000_000 },
      budget: { cloud_usd_per_day: 10 },
    });
    // 40 chars = 10 tokens = 10 USD: 1 USD already spent + 10 > 10.
    expect(decide(user('x'.repeat(40)), policy, { cloudSpendTodayUsd: 1 }).reason_codes).toEqual([
      'cloud_budget_exceeded',
    ]);
  });

  it('lets an empty keyword list match nothing', () => {
    const policy = policyOf({ ...ORIGINAL, sensitivity: { keywords: [] } });
    expect(decide(user('a confidential plan for everyone to read'), policy).reason_codes).not.toContain(
      'sensitive_keyword_match',
    );
  });

  it('traces every rule in order with the numbers it used', () => {
    const decision = decide(user('hello'), original);
    expect(decision.trace.rules.map((rule) => [rule.rule, rule.matched])).toEqual([
      ['sensitive_keyword', false],
      ['pii', false],
      ['cloud_budget', false],
      ['cost', true],
      ['default', true],
    ]);
    expect(decision.trace.input).toEqual({
      chars: 5,
      messages: 1,
      estimated_tokens: 1.25,
      estimated_usd: null,
    });
    expect(decision.trace.rules[3]!.details).toEqual({
      mode: 'length',
      chars: 5,
      max_prompt_length_for_local: 20,
    });
  });

  it('counts characters as code points, as the original did', () => {
    expect(decide(user('😀😀'), original).trace.input.chars).toBe(2);
  });

  it("routes the built-in policy's keywords to local", () => {
    expect(decide(user('our secret sauce'), loadBuiltinPolicy()).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
  });

  describe('properties', () => {
    const variants = (keyword: string) =>
      fc.oneof(
        fc.constant(keyword),
        fc.constant(keyword.toUpperCase()),
        fc.constant(
          [...keyword].map((char) => String.fromCharCode(char.charCodeAt(0) - 0x61 + 0xff41)).join(''),
        ),
        fc
          .integer({ min: 1, max: keyword.length - 1 })
          .map((at) => `${keyword.slice(0, at)}\u200b${keyword.slice(at)}`),
      );

    it('counts the same keywords on raw ASCII text as on its folded form', () => {
      const policy = policyOf({
        ...ORIGINAL,
        sensitivity: { keywords: ['ab', 'b a', ' a', 'a b a', 'zz '] },
      });
      fc.assert(
        fc.property(fc.stringMatching(/^[abzAB \t\n\r-]{0,40}$/), (text) => {
          expect(policy.keywords.countAsciiMatches(text)).toBe(
            policy.keywords.countMatches(foldText(text, policy.policy.sensitivity.normalization)),
          );
        }),
      );
    });

    it('gives the same decision, byte for byte, for the same input', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              role: fc.constantFrom('system', 'user', 'assistant'),
              content: fc.string({ maxLength: 200 }),
            }),
            { minLength: 1, maxLength: 5 },
          ),
          (messages) => {
            const typed = messages as ChatMessage[];
            expect(JSON.stringify(decide(typed, original))).toBe(
              JSON.stringify(decide(structuredClone(typed), policyOf(ORIGINAL))),
            );
          },
        ),
      );
    });

    it('never decides openai for a text containing a keyword, however it is written', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300 }),
          fc.constantFrom('internal', 'confidential', 'secret').chain(variants),
          fc.nat(3),
          (before, after, keyword, position) => {
            const messages: ChatMessage[] = [
              { role: 'system', content: position === 0 ? `${before}${keyword}${after}` : before },
              { role: 'user', content: position !== 0 ? `${before} ${keyword} ${after}` : after },
            ];
            expect(decide(messages, original).provider).toBe('local');
          },
        ),
      );
    });
  });
});

describe('decide with images', () => {
  const LONG = 'Write a long poem about the sea and the sky please, in many verses';
  const cloudDefault = { ...ORIGINAL, cost: { ...ORIGINAL.cost, max_prompt_length_for_local: 0 } };

  it('keeps a request with an image local, local-only, under the default `images: local`', () => {
    const decision = decide(user(LONG), policyOf(cloudDefault), { images: 2 });
    expect(decision.provider).toBe('local');
    expect(decision.reason_codes).toEqual(['image_present']);
    expect(decision.trace.rules.find((rule) => rule.rule === 'images')).toEqual({
      rule: 'images',
      reason_code: 'image_present',
      matched: true,
      details: { images: 2, policy: 'local' },
    });
  });

  it('lets the text decide under `images: allow`, and traces the rule as not matched', () => {
    const decision = decide(user(LONG), policyOf({ ...cloudDefault, images: 'allow' }), { images: 1 });
    expect(decision.provider).toBe('cloud');
    expect(decision.reason_codes).toEqual(['default']);
    expect(decision.trace.rules.find((rule) => rule.rule === 'images')?.matched).toBe(false);
  });

  it('puts a keyword before the image rule, and leaves text-only traces without it', () => {
    expect(decide(user(`${LONG} secret`), policyOf(cloudDefault), { images: 1 }).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
    expect(decide(user(LONG), policyOf(cloudDefault)).trace.rules.map((rule) => rule.rule)).not.toContain(
      'images',
    );
  });

  it('gives the same decision, byte for byte, for the same request with images', () => {
    const policy = policyOf(cloudDefault);
    expect(JSON.stringify(decide(user(LONG), policy, { images: 1 }))).toBe(
      JSON.stringify(decide(user(LONG), policy, { images: 1 })),
    );
  });

  it('refuses an images setting it does not know, naming the key', () => {
    expect(() => parsePolicy({ ...ORIGINAL, images: 'cloud' })).toThrow(/images: must be "local" or "allow"/);
  });
});
