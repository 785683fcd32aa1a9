// The shipped example policy and its cases (docs/examples) stay true, through the same runner as
// `policy-mesh policy test`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyCases, runPolicyCases } from './policy-cases';
import { PolicyInvalidError } from './policy-invalid.error';
import { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';

const examples = join(__dirname, '../../../docs/examples');

describe('docs/examples', () => {
  const policy = loadPolicyFile(join(examples, 'policy.json'));
  const cases = parsePolicyCases(JSON.parse(readFileSync(join(examples, 'policy-cases.json'), 'utf8')));

  it('loads the example policy and the built-in one without a warning', () => {
    expect(policy.warnings).toEqual([]);
    expect(loadBuiltinPolicy().warnings).toEqual([]);
  });

  it.each(runPolicyCases(cases, policy).results.map((result) => [result.name, result] as const))(
    '%s',
    (_name, result) => {
      expect(result.got).toEqual(result.expected);
      expect(result.pass).toBe(true);
    },
  );
});

describe(runPolicyCases.name, () => {
  const policy = loadBuiltinPolicy();

  it('reports each case with what was expected and what the policy decided', () => {
    const report = runPolicyCases(
      parsePolicyCases([
        {
          name: 'keyword',
          messages: [{ role: 'user', content: 'a secret' }],
          expect: { provider: 'local', reason_codes: ['sensitive_keyword_match'] },
        },
        {
          name: 'wrong on purpose',
          messages: [{ role: 'user', content: 'a secret' }],
          expect: { provider: 'cloud', reason_codes: ['default'] },
        },
      ]),
      policy,
    );
    expect(report).toMatchObject({ policy_version: policy.version, passed: 1, failed: 1 });
    expect(report.results[1]).toEqual({
      name: 'wrong on purpose',
      pass: false,
      expected: { provider: 'cloud', reason_codes: ['default'] },
      got: { provider: 'local', reason_codes: ['sensitive_keyword_match'] },
    });
  });

  it('refuses malformed cases, naming the path of each problem', () => {
    let caught: unknown;
    try {
      parsePolicyCases([
        { name: 'x', messages: [{ role: 'robot', content: 1 }], expect: { provider: 'mars' } },
        5,
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyInvalidError);
    expect((caught as PolicyInvalidError).problems).toEqual(
      expect.arrayContaining([
        '0.messages.0.role: must be "system", "user" or "assistant"',
        '0.messages.0.content: must be a string',
        '0.expect.provider: must be "local" or "cloud"',
        '0.expect.reason_codes: must be an array of reason codes',
        expect.stringMatching(/^1: /),
      ]),
    );
  });
});
