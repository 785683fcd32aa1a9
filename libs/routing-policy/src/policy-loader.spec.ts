import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, parsePolicy } from './compiled-policy';
import { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
import { PolicyInvalidError } from './policy-invalid.error';
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

describe('policy loading', () => {
  it('loads the original format unchanged with the original defaults', () => {
    const policy = parsePolicy({ sensitivity: { keywords: ['a'] }, cost: {} });
    expect(policy.cost).toEqual({
      max_prompt_length_for_local: 1000,
      max_usd_for_local: null,
      input_usd_per_1m_tokens: null,
      output_usd_per_1m_tokens: null,
      chars_per_token: 4,
      default_provider: 'local',
    });
    expect(policy.fallback).toEqual({ on_local_failure: 'fail', on_cloud_failure: 'local' });
  });

  it('ignores unknown top-level keys', () => {
    expect(() => parsePolicy({ sensitivity: { keywords: [] }, future_feature: { x: 1 } })).not.toThrow();
  });

  it('names the JSON path of every wrong value', () => {
    const problems = problemsOf({
      sensitivity: { keywords: 'secret', detectors: ['email', 'dna'] },
      cost: { chars_per_token: 0, default_provider: 'openai', max_usd_for_local: -1 },
      fallback: { on_local_failure: 'maybe' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'sensitivity.keywords: must be an array of strings',
        expect.stringMatching(/^sensitivity\.detectors\.1: must be one of email/),
        'cost.chars_per_token: must be an integer > 0',
        'cost.default_provider: must be "local" or "cloud" ("public" is accepted too)',
        'cost.max_usd_for_local: must be a number >= 0 or null',
        'fallback.on_local_failure: must be "fail" or "cloud"',
      ]),
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
    expect(parsePolicy({ sensitivity: { detectors: ['credentials'] } }).sensitivity.detectors).toEqual([
      'openai_key',
      'aws_access_key',
      'github_token',
      'private_key',
      'jwt',
    ]);
  });

  it('gives the same version to the same policy however it is formatted, and another to a change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-policy-'));
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ cost: { chars_per_token: 4 }, sensitivity: { keywords: ['x'] } }),
    );
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ sensitivity: { keywords: ['x'] } }, null, 4));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ sensitivity: { keywords: ['y'] } }));
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

  it('shows a safe view without the keywords', () => {
    const view = policyView(loadBuiltinPolicy());
    expect(view.sensitivity.keyword_count).toBe(3);
    expect(view.source).toBe('builtin');
    expect(JSON.stringify(view)).not.toContain('confidential');
  });
});
