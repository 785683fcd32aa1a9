import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy } from './compiled-policy';
import { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
import { PolicyInvalidError } from './policy-invalid.error';
import { POLICY_LIMITS } from './policy-limits';
import { parsePolicy } from './policy-parser';
import { policyView } from './policy-view';

function problemsOf(json: unknown): readonly string[] {
  try {
    parsePolicy(json);
  } catch (error) {
    if (error instanceof PolicyInvalidError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

const ORIGINAL = { sensitivity: { keywords: ['a'] }, cost: {} };

describe('policy loading', () => {
  it('loads the original format unchanged with the original defaults', () => {
    const { policy, warnings } = parsePolicy(ORIGINAL);
    expect(policy.cost).toEqual({
      max_prompt_length_for_local: 1000,
      max_usd_for_local: null,
      input_usd_per_1m_tokens: null,
      output_usd_per_1m_tokens: null,
      chars_per_token: 4,
      default_provider: 'local',
    });
    expect(policy.fallback).toEqual({ on_local_failure: 'fail', on_cloud_failure: 'local' });
    expect(policy.sensitivity.normalization).toEqual({ strip_marks: true, confusables: true });
    expect(warnings).toEqual([]);
  });

  it('refuses a policy without sensitivity, its keywords, or cost, as the original did', () => {
    expect(problemsOf({ cost: {} })).toEqual([
      'sensitivity: is required: {"keywords": [...]} (the original format)',
    ]);
    expect(problemsOf({ sensitivity: { keywords: [] } })).toEqual([
      'cost: is required: {} applies every default (the original format)',
    ]);
    expect(problemsOf({ sensitivity: { detectors: [] }, cost: {} })).toEqual([
      'sensitivity.keywords: is required (use [] for no keywords)',
    ]);
  });

  it('refuses a misspelt section instead of failing open, and names the key it meant', () => {
    expect(problemsOf({ sensitivty: { keywords: ['secret'] }, cost: {} })).toEqual([
      'sensitivity: is required: {"keywords": [...]} (the original format)',
      'sensitivty: unknown key, ignored; did you mean `sensitivity`?',
    ]);
  });

  it('warns about every unknown key, at any level, with the nearest known name', () => {
    const { warnings } = parsePolicy({
      sensitivity: { keywords: ['a'], detector: ['email'], normalization: { confusable: false } },
      cost: { max_prompt_lenght_for_local: 10 },
      fallbak: {},
      future_feature: { x: 1 },
    });
    expect(warnings).toEqual([
      'fallbak: unknown key, ignored; did you mean `fallback`?',
      'future_feature: unknown key, ignored; known keys here: `sensitivity`, `cost`, `budget`, `fallback`, `models`, `embeddings`, `images`',
      'sensitivity.detector: unknown key, ignored; did you mean `detectors`?',
      'sensitivity.normalization.confusable: unknown key, ignored; did you mean `confusables`?',
      'cost.max_prompt_lenght_for_local: unknown key, ignored; did you mean `max_prompt_length_for_local`?',
    ]);
  });

  it('leaves unknown keys out of the effective policy and its version', () => {
    const plain = compilePolicy(parsePolicy(ORIGINAL), { kind: 'builtin' });
    const extended = compilePolicy(parsePolicy({ ...ORIGINAL, future_feature: { x: 1 } }), {
      kind: 'builtin',
    });
    expect(extended.version).toBe(plain.version);
    expect(extended.warnings).toHaveLength(1);
  });

  it('names the JSON path of every wrong value', () => {
    const problems = problemsOf({
      sensitivity: {
        keywords: ['ok', 7, ''],
        detectors: ['email', 'dna'],
        normalization: { confusables: 'yes' },
      },
      cost: { chars_per_token: 0, default_provider: 'openai', max_usd_for_local: -1 },
      fallback: { on_local_failure: 'maybe' },
      models: { cloud: { default: '', allowed: ['gpt-4o', 3] } },
      budget: 'none',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'sensitivity.keywords.1: must be a string',
        'sensitivity.keywords.2: must not be empty',
        expect.stringMatching(/^sensitivity\.detectors\.1: must be one of email/),
        'sensitivity.normalization.confusables: must be true or false',
        'cost.chars_per_token: must be an integer > 0',
        'cost.default_provider: must be "local" or "cloud" ("public" is accepted too)',
        'cost.max_usd_for_local: must be a number >= 0 or null',
        'fallback.on_local_failure: must be "fail" or "cloud"',
        'models.cloud.default: must be a non-empty string or null',
        'models.cloud.allowed.1: must be a non-empty string',
        'budget: must be an object',
      ]),
    );
    expect(problems).toHaveLength(11);
  });

  it('refuses a keyword that is empty, blank or invisible once normalized', () => {
    expect(problemsOf({ sensitivity: { keywords: ['', '  '] }, cost: {} })).toEqual([
      'sensitivity.keywords.0: must not be empty',
      'sensitivity.keywords.1: must not be empty',
    ]);
    expect(problemsOf({ sensitivity: { keywords: ['\u200b\u0301'] }, cost: {} })).toEqual([
      'sensitivity.keywords.0: must not be empty (it holds only invisible or combining characters)',
    ]);
  });

  it('refuses more keywords than the limit, and a keyword longer than the limit', () => {
    const many = Array.from({ length: POLICY_LIMITS.keywords + 1 }, (_, index) => `k${index}`);
    expect(problemsOf({ sensitivity: { keywords: many }, cost: {} })).toEqual([
      `sensitivity.keywords: must hold at most ${POLICY_LIMITS.keywords} keywords (has ${POLICY_LIMITS.keywords + 1})`,
    ]);
    const long = 'x'.repeat(POLICY_LIMITS.keyword_length + 1);
    expect(problemsOf({ sensitivity: { keywords: ['ok', long] }, cost: {} })).toEqual([
      `sensitivity.keywords.1: must be at most ${POLICY_LIMITS.keyword_length} characters (has ${long.length})`,
    ]);
  });

  it('refuses a policy file over the size limit before parsing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-policy-'));
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ ...ORIGINAL, padding: 'x'.repeat(POLICY_LIMITS.file_bytes) }));
    expect(() => loadPolicyFile(file)).toThrow(
      new RegExp(`the policy file is \\d+ bytes; the limit is ${POLICY_LIMITS.file_bytes} bytes`),
    );
  });

  it('reads the original "public" as the cloud tier, with the same version as "cloud"', () => {
    const spelled = (tier: string) =>
      compilePolicy(parsePolicy({ sensitivity: { keywords: [] }, cost: { default_provider: tier } }), {
        kind: 'builtin',
      });
    expect(spelled('public').policy.cost.default_provider).toBe('cloud');
    expect(spelled('public').version).toBe(spelled('cloud').version);
  });

  it('refuses a policy that is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['(root): must be a JSON object']);
  });

  it('expands "credentials" to every credential detector', () => {
    expect(
      parsePolicy({ sensitivity: { keywords: [], detectors: ['credentials'] }, cost: {} }).policy.sensitivity
        .detectors,
    ).toEqual(['openai_key', 'aws_access_key', 'github_token', 'private_key', 'jwt']);
  });

  it('versions the policy as SHA-256 of its RFC 8785 (JCS) canonical JSON', () => {
    // Written out by hand: keys sorted by code unit, no whitespace, every default applied.
    const jcs =
      '{"budget":{"cloud_usd_per_day":null},' +
      '"cost":{"chars_per_token":4,"default_provider":"local","input_usd_per_1m_tokens":null,' +
      '"max_prompt_length_for_local":1000,"max_usd_for_local":null,"output_usd_per_1m_tokens":null},' +
      '"embeddings":{"models":{"cloud":{"allowed":[],"default":null},"local":{"allowed":[],"default":null}},' +
      '"tier":null},' +
      '"fallback":{"on_cloud_failure":"local","on_local_failure":"fail"},' +
      '"images":"local",' +
      '"models":{"aliases":{},"cloud":{"allowed":[],"default":null},"local":{"allowed":[],"default":null}},' +
      '"sensitivity":{"detectors":["email","payment_card","iban","us_ssn","phone","openai_key",' +
      '"aws_access_key","github_token","private_key","jwt"],' +
      '"keywords":["internal","confidential","secret"],' +
      '"normalization":{"confusables":true,"strip_marks":true}}}';
    expect(loadBuiltinPolicy().version).toBe(createHash('sha256').update(jcs).digest('hex'));
  });

  it('gives the same version to the same policy however it is formatted, and another to a change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-policy-'));
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ cost: { chars_per_token: 4 }, sensitivity: { keywords: ['x'] } }),
    );
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ sensitivity: { keywords: ['x'] }, cost: {} }, null, 4),
    );
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ sensitivity: { keywords: ['y'] }, cost: {} }));
    const a = loadPolicyFile(join(dir, 'a.json'));
    expect(a.version).toMatch(/^[0-9a-f]{64}$/);
    expect(loadPolicyFile(join(dir, 'b.json')).version).toBe(a.version);
    expect(loadPolicyFile(join(dir, 'c.json')).version).not.toBe(a.version);
  });

  it('reports a missing file and invalid JSON as POLICY_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-policy-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadPolicyFile(join(dir, 'missing.json'))).toThrow(/file not found/);
    expect(() => loadPolicyFile(join(dir, 'bad.json'))).toThrow(/not valid JSON/);
  });

  it('shows a safe view without the keywords, with the warnings', () => {
    const view = policyView(loadBuiltinPolicy());
    expect(view.sensitivity.keyword_count).toBe(3);
    expect(view.source).toBe('builtin');
    expect(view.warnings).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('confidential');
  });
});
