// Every policy-mesh command against the real Postgres (and the fake upstreams for chat and health).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type FakeServer, startFakeOllama, startFakeOpenAi, startFakePrometheus } from '../../../test/fakes';
import { startGatewayProcess } from '../../../test/support/gateway-process';
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
      stdout:
        'applied: CreateAuditEvents1795400000000, AuditChainAnchors1795500000000, AuditErrorCode1795600000000, ApiKeys1795700000000\n',
    });
    expect((await runCli(['db', 'status'], env)).stdout).toContain('applied  CreateAuditEvents1795400000000');
  });

  it('explains an embeddings decision with the pinned tier', async () => {
    const file = join(dir, 'pinned-embeddings.json');
    writeFileSync(
      file,
      JSON.stringify({
        sensitivity: { keywords: ['confidential'] },
        cost: {},
        embeddings: { tier: 'local' },
      }),
    );
    const run = await runCli(['route', 'explain', '--embeddings', '--policy', file, 'hello'], env);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/reason codes:\s+embeddings_tier_pinned/);
    expect(run.stdout).toMatch(/pinned tier/);
    const json = await runCli(
      ['route', 'explain', '--embeddings', '--json', '--policy', file, 'confidential'],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      provider: 'local',
      reason_codes: ['sensitive_keyword_match'],
    });
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
    writeFileSync(bad, JSON.stringify({ sensitivity: { keywords: [] }, cost: { chars_per_token: 0 } }));
    const run = await runCli(['policy', 'validate', bad], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('cost.chars_per_token: must be an integer > 0');
    const good = await runCli(['policy', 'validate', join(repo, 'docs/examples/policy.json')], env);
    expect(good).toMatchObject({ exitCode: 0 });
    expect(good.stdout).toMatch(/^valid: .*policy\.json \(version [0-9a-f]{64}\)/);
  });

  it('warns about a misspelt key, and refuses it with --strict (exit 2)', async () => {
    const typo = join(dir, 'typo-policy.json');
    writeFileSync(typo, JSON.stringify({ sensitivity: { keywords: ['secret'] }, cost: {}, fallbak: {} }));
    const lenient = await runCli(['policy', 'validate', typo], env);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.stderr).toBe('warning: fallbak: unknown key, ignored; did you mean `fallback`?\n');
    const strict = await runCli(['policy', 'validate', '--strict', typo], env);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain('did you mean `fallback`?');
    expect(strict.stderr).toContain('1 warning(s), refused by --strict');
    expect(strict.stdout).toBe('');
    const example = join(repo, 'docs/examples/policy.json');
    expect(await runCli(['policy', 'validate', '--strict', example], env)).toMatchObject({ exitCode: 0 });
  });

  it('refuses a policy without sensitivity (a misspelt section does not fail open)', async () => {
    const typo = join(dir, 'sensitivty-policy.json');
    writeFileSync(typo, JSON.stringify({ sensitivty: { keywords: ['secret'] }, cost: {} }));
    const run = await runCli(['policy', 'validate', typo], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('sensitivity: is required');
    expect(run.stderr).toContain('sensitivty: unknown key, ignored; did you mean `sensitivity`?');
  });

  it('shows the effective policy without keywords', async () => {
    const run = await runCli(['policy', 'show'], env);
    expect(JSON.parse(run.stdout)).toMatchObject({ source: 'builtin', sensitivity: { keyword_count: 3 } });
    expect(run.stdout).not.toContain('confidential');
  });

  it('says when a cloud key is set that the policy never uses, as GET /v1/routes does', async () => {
    const run = await runCli(['policy', 'show'], { ...env, OPENAI_API_KEY: 'sk-test-unused' });
    const shown = JSON.parse(run.stdout) as { notices: { code: string; setting: string }[] };
    expect(shown.notices).toEqual([
      expect.objectContaining({ code: 'CLOUD_KEY_UNUSED', setting: 'cost.default_provider' }),
    ]);
    expect(run.stdout).not.toContain('sk-test-unused');
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
          expect: { provider: 'cloud', reason_codes: ['default'] },
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
      served_by: 'local',
      reason_codes: ['cost_prefer_local'],
      content: 'local reply to 1 message(s) of 1 word(s).',
      error: null,
    });
    const list = await runCli(['audit', 'list', '--json'], env);
    const { items, next_cursor } = JSON.parse(list.stdout) as {
      items: { endpoint: string; request_id: string; stream: boolean }[];
      next_cursor: string | null;
    };
    expect(next_cursor).toBeNull();
    expect(items.filter((item) => item.endpoint === 'cli').map((item) => item.stream)).toEqual([true, false]);

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
    expect(JSON.parse(none.stdout)).toEqual({ items: [], next_cursor: null });
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
    await client.query(`UPDATE audit_events SET served_by = 'cloud' WHERE seq = 1`);
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

  it('reports health: ready with the providers up, and still ready with Ollama down', async () => {
    const ready = await runCli(['health'], env);
    expect(ready.exitCode).toBe(0);
    expect(ready.stdout).toContain('ok    ollama');
    expect(ready.stdout.trim().split('\n').at(-1)).toBe('ready');
    // Ollama is reported, never a reason to be unready: the cloud still serves.
    const ollamaDown = await runCli(['health', '--json'], { ...env, OLLAMA_HOST: 'http://127.0.0.1:1' });
    expect(ollamaDown.exitCode).toBe(0);
    expect(JSON.parse(ollamaDown.stdout)).toMatchObject({
      status: 'ready',
      checks: { local_provider: { status: 'down', upstream: 'ollama' }, cloud_provider: { status: 'up' } },
    });
  });

  it('reports health: degraded while only the spool can take audit rows, exit 3 when nothing can', async () => {
    const unreachable = { ...env, DATABASE_URL: 'postgres://policy@127.0.0.1:1/none' };
    const degraded = await runCli(['health', '--json'], unreachable);
    expect(degraded.exitCode).toBe(0);
    expect(JSON.parse(degraded.stdout)).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'down' }, audit_spool: { status: 'up' } },
    });
    // A spool folder that cannot be made: its parent is a file.
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const notReady = await runCli(['health'], { ...unreachable, AUDIT_SPOOL_DIR: join(file, 'spool') });
    expect(notReady.exitCode).toBe(3);
    expect(notReady.stdout).toMatch(/^FAIL {2}database /m);
    expect(notReady.stdout).toMatch(/^FAIL {2}audit spool +ENOTDIR: not a directory/m);
    expect(notReady.stdout.trim().split('\n').at(-1)).toBe('not ready');
  });

  it('creates no spool folder for commands that write no audit row', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'pm-cli-nospool-'));
    for (const args of [
      ['route', 'explain', 'hello'],
      ['audit', 'list'],
      ['policy', 'show'],
    ])
      expect((await runCli(args, { ...env, DATA_DIR: fresh })).exitCode).toBe(0);
    expect(readdirSync(fresh)).toEqual([]);
  });
});

describe('policy-mesh beside a gateway running on the embedded database (e2e)', () => {
  // The first start of an embedded database creates it: tens of seconds on a busy machine.
  jest.setTimeout(240_000);

  it("reports the gateway's health, and says in one line what to do where it needs the database", async () => {
    const ollama = await startFakeOllama();
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-cli-embedded-'));
    let gateway: Awaited<ReturnType<typeof startGatewayProcess>> | undefined;
    try {
      gateway = await startGatewayProcess(
        { DATA_DIR: dataDir, OLLAMA_HOST: ollama.url, LOG_LEVEL: 'warn' },
        { startTimeoutMs: 180_000 },
      );
      const env = { DATA_DIR: dataDir, PORT: String(gateway.port), OLLAMA_HOST: ollama.url };
      const health = await runCli(['health', '--json'], env);
      expect(health.exitCode).toBe(0);
      expect(health.stderr).toBe(
        `# answered by the gateway at http://127.0.0.1:${gateway.port}, which holds the embedded database\n`,
      );
      expect(JSON.parse(health.stdout)).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up', embedded: true } },
      });
      const list = await runCli(['audit', 'list'], env);
      expect(list.exitCode).toBe(1);
      expect(list.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /is held by process \d+ \(a running gateway\): .*stop it to use this command, or set DATABASE_URL/,
        ),
      ]);
    } finally {
      gateway?.child.kill('SIGTERM');
      await gateway?.exited;
      await ollama.close();
    }
  });
});

describe('policy-mesh binary', () => {
  // Run from an empty folder, so anything a command creates (./.data, a spool) would show.
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const cwd = mkdtempSync(join(tmpdir(), 'pm-cli-bin-'));
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        require.resolve('ts-node/register/transpile-only'),
        '-r',
        require.resolve('tsconfig-paths/register'),
        join(repo, 'apps/cli/src/main.ts'),
        ...args,
      ],
      {
        cwd,
        env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(repo, 'tsconfig.json'), ...env },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { ...run, created: readdirSync(cwd) };
  };

  it('validates a policy with no database, no data folder and an invalid environment', () => {
    const example = join(repo, 'docs/examples/policy.json');
    const broken = {
      PORT: 'abc',
      AUDIT_DURABILITY: 'sometimes',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    };
    const named = cli(['policy', 'validate', '--strict', example], broken);
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(named.stdout).toMatch(/^valid: \S+\/docs\/examples\/policy\.json \(version [0-9a-f]{64}\)/);
    expect(named.created).toEqual([]);
    const configured = cli(['policy', 'validate'], { ...broken, POLICY_FILE: example });
    expect(configured.status).toBe(0);
    expect(configured.stdout).toContain('docs/examples/policy.json');
  });

  it('lists every command in --help with an invalid environment, touching nothing, and refuses an unknown one with exit 2', () => {
    const invalid = { PORT: 'eighty', DATABASE_URL: 'not a url', AUDIT_DURABILITY: 'sometimes' };
    const help = cli(['--help'], invalid);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    for (const command of ['chat', 'route', 'policy', 'audit', 'db', 'health'])
      expect(help.stdout).toContain(command);
    expect(help.created).toEqual([]);
    expect(cli(['audit', '--help'], invalid).status).toBe(0);
    const unknown = cli(['bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'bogus'");
  });

  it('names every bad variable (exit 2) once a command needs the environment', () => {
    const run = cli(['audit', 'list'], { PORT: 'eighty', AUDIT_DURABILITY: 'sometimes' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/PORT/);
    expect(run.stderr).toMatch(/AUDIT_DURABILITY/);
    expect(run.created).toEqual([]);
  });
});
