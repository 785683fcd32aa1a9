import { compilePolicy } from './compiled-policy';
import { decideEmbeddings, isPinConflict } from './embedding-decision';
import { parsePolicy } from './policy-parser';
import { decide } from './routing-engine';

const policyOf = (embeddings?: object) =>
  compilePolicy(
    parsePolicy({
      sensitivity: { keywords: ['confidential'] },
      cost: { max_prompt_length_for_local: 20, default_provider: 'cloud' },
      ...(embeddings === undefined ? {} : { embeddings }),
    }),
    { kind: 'builtin' },
  );

const LONG = 'a sentence about the history of bicycles and their inventors';

describe(decideEmbeddings.name, () => {
  it('routes like chat when no tier is pinned: each input scanned as a user message', () => {
    const compiled = policyOf();
    const decision = decideEmbeddings(['hello', LONG], compiled);
    expect(decision).toEqual(
      decide(
        [
          { role: 'user', content: 'hello' },
          { role: 'user', content: LONG },
        ],
        compiled,
      ),
    );
    expect(decision.provider).toBe('cloud');
    expect(decideEmbeddings([LONG, 'the CONFIDENTIAL plan'], compiled).reason_codes).toEqual([
      'sensitive_keyword_match',
    ]);
    expect(decideEmbeddings([LONG, 'mail jane@example.com'], compiled).reason_codes).toEqual([
      'pii_detected',
    ]);
  });

  it('pins every embedding to the local tier, whatever the cost rule or default says', () => {
    const decision = decideEmbeddings([LONG], policyOf({ tier: 'local' }));
    expect(decision.provider).toBe('local');
    expect(decision.reason_codes).toEqual(['embeddings_tier_pinned']);
    expect(decision.trace.rules.map((rule) => rule.rule)).toEqual([
      'sensitive_keyword',
      'pii',
      'cloud_budget',
      'embeddings_tier',
      'cost',
      'default',
    ]);
  });

  it('pins to the cloud, yet sensitive or PII text stays local and is a conflict to refuse', () => {
    const compiled = policyOf({ tier: 'cloud' });
    const plain = decideEmbeddings(['short'], compiled);
    expect(plain).toMatchObject({ provider: 'cloud', reason_codes: ['embeddings_tier_pinned'] });
    expect(isPinConflict(plain, compiled)).toBe(false);
    const sensitive = decideEmbeddings(['confidential'], compiled);
    expect(sensitive).toMatchObject({ provider: 'local', reason_codes: ['sensitive_keyword_match'] });
    expect(sensitive.trace.rules.find((rule) => rule.rule === 'embeddings_tier')?.matched).toBe(false);
    expect(isPinConflict(sensitive, compiled)).toBe(true);
  });

  it('keeps a local-only key local under a cloud pin', () => {
    const decision = decideEmbeddings(['short'], policyOf({ tier: 'cloud' }), {
      key: { local_only: true, daily_cloud_usd: null },
    });
    expect(decision.reason_codes).toEqual(['key_local_only']);
  });

  it('decides the same inputs under the same policy byte for byte', () => {
    const compiled = policyOf({ tier: 'local' });
    expect(JSON.stringify(decideEmbeddings([LONG, 'x'], compiled))).toBe(
      JSON.stringify(decideEmbeddings([LONG, 'x'], policyOf({ tier: 'local' }))),
    );
  });
});
