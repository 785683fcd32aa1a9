// Operations files checked for real: Prometheus config and alert rules with promtool, manifests
// and compose against their schemas, and every metric the dashboard and the rules read present in a
// live scrape of the gateway.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';
import { requireTool } from '../../support/preflight';

const repo = join(__dirname, '../../..');
const docker = join(repo, 'docker');

function run(command: string, args: string[], cwd = repo) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe('Prometheus files (promtool)', () => {
  let promtool: string;
  beforeAll(() => {
    promtool = requireTool('promtool');
  });

  it('accepts the scrape config', () => {
    const result = run(promtool, ['check', 'config', 'prometheus/prometheus.yml'], docker);
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it('accepts the alert rules', () => {
    const result = run(promtool, ['check', 'rules', 'prometheus/alerts.yml'], docker);
    expect(result.stdout).toMatch(/SUCCESS: 7 rules found/);
    expect(result.status).toBe(0);
  });

  it('fires every alert on synthetic series', () => {
    const result = run(promtool, ['test', 'rules', 'prometheus/alerts.test.yml'], docker);
    expect(`${result.stdout}${result.stderr}`).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
    const alerts = [
      ...readFileSync(join(docker, 'prometheus/alerts.yml'), 'utf8').matchAll(/alert: (\w+)/g),
    ].map((m) => m[1]);
    const tested = readFileSync(join(docker, 'prometheus/alerts.test.yml'), 'utf8');
    for (const alert of alerts) expect(tested).toContain(`alertname: ${alert}`);
  });
});

describe('Kubernetes manifests and compose file', () => {
  const validate = (files: string[]) =>
    run(process.execPath, ['test/ops/validate-deploy-files.mjs', ...files]);
  const manifests = [
    'configmap',
    'deployment',
    'hpa',
    'migration-job',
    'ollama',
    'pdb',
    'secret.example',
    'service',
  ].map((name) => `docker/k8s/${name}.yaml`);

  it('validates every manifest and the compose file against their schemas', () => {
    const result = validate([...manifests, 'docker/compose.yaml']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // ollama.yaml holds two documents (Deployment and Service).
    expect(result.stdout.trim().split('\n')).toHaveLength(manifests.length + 2);
  });

  it('refuses a manifest with a wrong type and a compose file with an unknown key', () => {
    const badDeployment = join(tmpdir(), 'pm-bad-deployment.yaml');
    writeFileSync(
      badDeployment,
      readFileSync(join(docker, 'k8s/deployment.yaml'), 'utf8').replace('replicas: 2', 'replicas: two'),
    );
    expect(validate([badDeployment]).stderr).toMatch(/spec\/replicas must be integer/);
    const badCompose = join(tmpdir(), 'pm-bad-compose.yaml');
    writeFileSync(
      badCompose,
      readFileSync(join(docker, 'compose.yaml'), 'utf8').replace(
        '    image: postgres:16',
        '    image: postgres:16\n    imagee: typo',
      ),
    );
    expect(validate([badCompose]).status).toBe(1);
  });
});

describe('metric names used by the dashboard and the alerts (live scrape)', () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGateway('ops_metrics', {
      policy: {
        ...CLOUD_DEFAULT_POLICY,
        cost: { ...CLOUD_DEFAULT_POLICY.cost, input_usd_per_1m_tokens: 0.15, output_usd_per_1m_tokens: 0.6 },
        budget: { cloud_usd_per_day: 25 },
        fallback: { on_local_failure: 'cloud', on_cloud_failure: 'local' },
      },
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('finds every one of them after one request of each kind', async () => {
    const chat = (content: string) =>
      request(harness.url)
        .post('/v1/chat')
        .send({ messages: [{ role: 'user', content }] });
    await chat('hello').expect(200); // local
    await chat(LONG_PROMPT).expect(200); // cloud, with cost
    harness.ollama.setFault({ kind: 'status', status: 500 });
    await chat('hi again').expect(200); // local fails, falls back to the cloud
    harness.openai.setFault({ kind: 'refuse' });
    await chat('and again').expect(502); // both fail
    harness.ollama.setFault(null);
    harness.openai.setFault(null);
    await request(harness.url).post('/v1/chat').send({}).expect(400); // rejected
    await request(harness.url)
      .post('/v1/chat/completions')
      .send({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .expect(200);

    const scrape = (await request(harness.url).get('/v1/metrics').expect(200)).text;
    const samples = new Set(
      scrape
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => line.split(/[{ ]/)[0]),
    );
    const used = new Set<string>();
    const dashboard = readFileSync(join(docker, 'grafana/dashboards/policy-mesh.json'), 'utf8');
    const rules = readFileSync(join(docker, 'prometheus/alerts.yml'), 'utf8');
    for (const source of [dashboard, rules])
      for (const match of source.matchAll(/policy_mesh_[a-z0-9_]+/g)) used.add(match[0]);
    expect(used.size).toBeGreaterThan(12);
    const missing = [...used].filter((name) => !samples.has(name));
    expect(missing).toEqual([]);
  });
});
