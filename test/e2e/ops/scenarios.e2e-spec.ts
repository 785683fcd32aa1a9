// docs/SCENARIOS.md's copy-paste policies, and the one local-first default everywhere: each
// scenario's policy file loads and routes its example prompts as documented; the container image
// ships no policy of its own, and the files compose and Kubernetes mount are local-first too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, loadBuiltinPolicy, loadPolicyFile, type ChatMessage } from '@app/routing-policy';
import { parseAllDocuments } from 'yaml';
import { AUDIT_COLUMNS } from '@app/audit';

const repo = join(__dirname, '../../..');
const scenarios = join(repo, 'docs/scenarios');

interface PolicyCase {
  readonly name: string;
  readonly messages: ChatMessage[];
  readonly expect: { provider: string; reason_codes: string[] };
}

const policyFiles = readdirSync(scenarios).filter((file) => file.endsWith('.policy.json'));

describe('docs/SCENARIOS.md', () => {
  const guide = readFileSync(join(repo, 'docs/SCENARIOS.md'), 'utf8');

  it('has four scenarios, each named in the guide', () => {
    expect(policyFiles.sort()).toEqual([
      'cloud-default.policy.json',
      'container.policy.json',
      'local-only.policy.json',
      'usd-threshold.policy.json',
    ]);
    for (const file of policyFiles) expect(guide).toContain(`docs/scenarios/${file}`);
  });

  describe.each(policyFiles)('%s', (file) => {
    const path = join(scenarios, file);
    const cases = JSON.parse(
      readFileSync(path.replace('.policy.json', '.cases.json'), 'utf8'),
    ) as PolicyCase[];

    it('declares both a sensitivity and a cost section', () => {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      expect(Object.keys(raw)).toEqual(expect.arrayContaining(['sensitivity', 'cost']));
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, policyCase) => {
      const decision = decide(policyCase.messages, loadPolicyFile(path));
      expect({ provider: decision.provider, reason_codes: decision.reason_codes }).toEqual(policyCase.expect);
    });
  });
});

describe('one local-first default', () => {
  it('the policy compose mounts is the built-in default, byte for byte', () => {
    expect(loadPolicyFile(join(repo, 'docker/policy.json')).version).toBe(loadBuiltinPolicy().version);
  });

  it('the Kubernetes ConfigMap routes by the same local-first policy', () => {
    const [configMap] = parseAllDocuments(readFileSync(join(repo, 'docker/k8s/configmap.yaml'), 'utf8'));
    const policy = (configMap!.toJS() as { data: Record<string, string> }).data['policy.json']!;
    const raw = JSON.parse(policy) as { cost: { default_provider: string } };
    expect(raw.cost.default_provider).toBe('local');
  });

  it('the image bakes in no policy file and sets no POLICY_FILE', () => {
    const dockerfile = readFileSync(join(repo, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/^\s*(ENV|\s)[^\n#]*POLICY_FILE=/m);
    expect(dockerfile).not.toMatch(/COPY docs\/examples/);
  });

  it('compose mounts a policy file on purpose and points POLICY_FILE at it', () => {
    const compose = readFileSync(join(repo, 'docker/compose.yaml'), 'utf8');
    expect(compose).toContain('POLICY_FILE: /etc/policy-mesh/policy.json');
    expect(compose).toMatch(/- \$\{POLICY_PATH:-\.\/policy\.json\}:\/etc\/policy-mesh\/policy\.json:ro/);
  });
});

describe('docs/PRIVACY.md', () => {
  it('lists every column of the audit table', () => {
    const privacy = readFileSync(join(repo, 'docs/PRIVACY.md'), 'utf8');
    const missing = AUDIT_COLUMNS.filter((column) => !privacy.includes(`\`${column}\``));
    expect(missing).toEqual([]);
  });
});
