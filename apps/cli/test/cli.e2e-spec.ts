// Every policy-mesh command against the real Postgres (and the fake upstreams for chat and health).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type FakeServer, startFakeOllama, startFakeOpenAi, startFakePrometheus } from '../../../test/fakes';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { runCli } from './cli-harness';

const repo = join(__dirname, '../../..');

describe('policy-mesh CLI (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;
  let openai: FakeServer;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    [database, ollama, openai] = await Promise.all([
      createTestDatabase('cli'),
      startFakeOllama(),
      startFakeOpenAi(),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'pm-cli-'));
    env = {
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      OLLAMA_HOST: ollama.url,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: 'sk-cli-test-0123456789abcdef',
    };
  });

  afterAll(async () => {
    await Promise.all([ollama.close(), openai.close()]);
    await database.drop();
  });

  it('migrates the database and reports migration status', async () => {
    const pending = await runCli(['db', 'status'], env);
    expect(pending.stdout).toContain('pending  CreateAuditEvents1795400000000');
    const migrated = await runCli(['db', 'migrate'], env);
    expect(migrated).toMatchObject({
      exitCode: 0,
      stdout: 'applied: CreateAuditEvents1795400000000, AuditChainAnchors1795500000000\n',
    });
    expect((await runCli(['db', 'status'], env)).stdout).toContain('applied  CreateAuditEvents1795400000000');
  });

  it('explains a decision without sending anything', async () => {
    const run = await runCli(['route', 'explain', 'the', 'confidential', 'plan'], env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/provider:\s+local/);
    expect(run.stdout).toMatch(/reason codes:\s+sensitive_keyword_match/);
    const json = await runCli(['route', 'explain', 'hello', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ provider: 'local', reason_codes: ['cost_prefer_local'] });
    expect(ollama.requests).toHaveLength(0);
    expect(openai.requests).toHaveLength(0);
  });

  it('validates policies, naming the JSON path of a problem (exit 2)', async () => {
    const bad = join(dir, 'bad-policy.json');
    writeFileSync(bad, JSON.stringify({ cost: { chars_per_token: 0 } }));
    const run = await runCli(['policy', 'validate', bad], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cost.chars_per_token: must be an integer > 0');
    const good = await runCli(['policy', 'validate', join(repo, 'docs/examples/policy.json')], env);
    expect(good).toMatchObject({ exitCode: 0 });
    expect(good.stdout).toMatch(/^valid: .*policy\.json \(version [0-9a-f]{64}\)/);
  });

  it('shows the effective policy without keywords', async () => {
    const run = await runCli(['policy', 'show'], env);
    expect(JSON.parse(run.stdout)).toMatchObject({ source: 'builtin', sensitivity: { keyword_count: 3 } });
    expect(run.stdout).not.toContain('confidential');
  });

  it('runs policy test cases, exit 0 when all pass and 3 when one fails', async () => {
    const pass = await runCli(
      [
        'policy',
        'test',
        join(repo, 'docs/examples/policy-cases.json'),
        '--policy',
        join(repo, 'docs/examples/policy.json'),
      ],
      env,
    );
    expect(pass.exitCode).toBe(0);
    expect(pass.stdout).toContain('5 passed, 0 failed');
    const failing = join(dir, 'failing-cases.json');
    writeFileSync(
      failing,
      JSON.stringify([
        {
          name: 'wrong on purpose',
          messages: [{ role: 'user', content: 'secret' }],
          expect: { provider: 'openai', reason_codes: ['default'] },
        },
      ]),
    );
    const fail = await runCli(['policy', 'test', failing], env);
    expect(fail.exitCode).toBe(3);
    expect(fail.stdout).toContain('FAIL  wrong on purpose');
  });

  it('chats through the full path and audits the request', async () => {
    const run = await runCli(['chat', '--system', 'be brief', 'hello', 'there'], env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('local reply to 2 message(s) of 2 word(s).\n');
    expect(run.stderr).toMatch(/# request [0-9a-f-]{36}: local \(cost_prefer_local\)/);
    const streamed = await runCli(['chat', '--stream', '--json', 'hello'], env);
    expect(JSON.parse(streamed.stdout)).toMatchObject({
      servedBy: 'local',
      content: 'local reply to 1 message(s) of 1 word(s).',
    });
    const list = await runCli(['audit', 'list', '--json'], env);
    const items = JSON.parse(list.stdout) as { endpoint: string; request_id: string }[];
    expect(items.filter((item) => item.endpoint === 'cli')).toHaveLength(2);

    const shown = await runCli(['audit', 'show', items[0]!.request_id], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ request_id: items[0]!.request_id });
    const table = await runCli(
      ['audit', 'list', '--provider', 'local', '--status', 'success', '--since', '1h'],
      env,
    );
    expect(table.stdout.split('\n')[0]).toMatch(/^created_at\s+request_id\s+status/);
    const stats = await runCli(['audit', 'stats', '--json'], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 2, local_share: 1 });
  });

  it('refuses bad option values with a clear message (exit 2)', async () => {
    const run = await runCli(['audit', 'list', '--since', '3x'], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'error: --since: expected a duration (1h, 7d) or a date (2026-01-01), got "3x"\n',
    );
    expect(
      (await runCli(['audit', 'export', '--format', 'xml', '--out', join(dir, 'x')], env)).exitCode,
    ).toBe(2);
    expect((await runCli(['audit', 'show', 'not-a-uuid'], env)).exitCode).toBe(2);
  });

  it('exports JSONL and CSV', async () => {
    const jsonl = join(dir, 'audit.jsonl');
    const run = await runCli(['audit', 'export', '--format', 'jsonl', '--out', jsonl], env);
    expect(run.stdout).toBe(`exported 2 event(s) to ${jsonl}\n`);
    expect(
      readFileSync(jsonl, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { endpoint: string }).endpoint),
    ).toEqual(['cli', 'cli']);
    const csv = join(dir, 'audit.csv');
    await runCli(['audit', 'export', '--format', 'csv', '--out', csv], env);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^request_id,correlation_id,created_at,endpoint,status/);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36},,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,cli,success,/);
    expect(lines).toHaveLength(3);
  });

  it('finds events by the correlation id a caller sent', async () => {
    const none = await runCli(['audit', 'list', '--correlation-id', 'order-4711', '--json'], env);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('checks the chains against the heads Prometheus kept, and exits 3 for a chain that is gone', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const heads = await client.query<{ chain_id: string; seq: string }>(
      'SELECT chain_id, max(seq) AS seq FROM audit_events GROUP BY chain_id',
    );
    await client.end();
    const prometheus = await startFakePrometheus();
    try {
      for (const head of heads.rows) prometheus.heads.set(head.chain_id, Number(head.seq));
      const ok = await runCli(['audit', 'verify', '--prometheus', prometheus.url], env);
      expect(ok).toMatchObject({
        exitCode: 0,
        stdout: `ok: 2 rows in 2 chain(s) verified; consistent with ${heads.rows.length} checkpoint(s)\n`,
      });
      expect(prometheus.queries).toEqual([
        'max by (chain) (max_over_time(policy_mesh_audit_chain_head_seq[2592000s]))',
      ]);
      // Prometheus saw a chain the table no longer has (deleted, or the table truncated).
      prometheus.heads.set('01900000-0000-7000-8000-000000000001', 7);
      const gone = await runCli(
        ['audit', 'verify', '--prometheus', prometheus.url, '--prometheus-window', '7d'],
        env,
      );
      expect(gone.exitCode).toBe(3);
      expect(gone.stdout).toMatch(
        /^TAMPERED: missing_chain at chain 01900000-0000-7000-8000-000000000001 seq 7/,
      );
      expect(prometheus.queries[1]).toContain('[604800s]');
    } finally {
      await prometheus.close();
    }
  });

  it('verifies the chain, and exits 3 naming the first tampered row', async () => {
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'ok: 2 rows in 2 chain(s) verified\n' });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`UPDATE audit_events SET served_by = 'openai' WHERE seq = 1`);
    await client.end();
    const tampered = await runCli(['audit', 'verify'], env);
    expect(tampered.exitCode).toBe(3);
    expect(tampered.stdout).toMatch(/^TAMPERED: altered at chain .* seq 1/);
  });

  it('prunes by age, dry run first', async () => {
    const dry = await runCli(['audit', 'prune', '--older-than', '90d', '--dry-run'], env);
    expect(dry.stdout).toMatch(/^would delete 0 event\(s\) older than/);
    expect((await runCli(['audit', 'prune', '--older-than', 'soon'], env)).exitCode).toBe(2);
  });

  it('reports health: ready with the providers up, exit 3 when Ollama is down', async () => {
    const ready = await runCli(['health'], env);
    expect(ready.exitCode).toBe(0);
    expect(ready.stdout).toContain('ok    ollama');
    expect(ready.stdout.trim().endsWith('ready')).toBe(true);
    const down = await runCli(['health', '--json'], { ...env, OLLAMA_HOST: 'http://127.0.0.1:1' });
    expect(down.exitCode).toBe(3);
    expect(JSON.parse(down.stdout)).toMatchObject({ ready: false });
  });
});

describe('policy-mesh binary', () => {
  const cli = (args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/cli/src/main.ts',
        ...args,
      ],
      {
        cwd: repo,
        env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-cli-bin-')) },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('lists every command in --help and refuses an unknown one with exit 2', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['chat', 'route', 'policy', 'audit', 'db', 'health'])
      expect(help.stdout).toContain(command);
    const unknown = cli(['bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'bogus'");
  });
});
