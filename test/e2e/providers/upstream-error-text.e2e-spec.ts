// An upstream's error text never reaches the caller: a provider that echoes the prompt and a key
// in its error body is answered with our own message (tier, upstream status, category). The
// upstream's words are kept for one debug log line, with the key and the prompt masked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOllama, startFakeOpenAi } from '../../fakes';
import { CLOUD_DEFAULT_POLICY } from '../../support/gateway-harness';
import { type GatewayProcess, startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

const KEY = 'sk-proj-EDGEKEY0123456789abcdefghij';
const DETAIL = 'UPSTREAM-DETAIL-4242';
const LOCAL_PROMPT = 'hi PROMPTECHO-local';
const CLOUD_PROMPT = 'Please write a long friendly paragraph about PROMPTECHO-cloud and its inventors.';

/** What a careless upstream sends back: the prompt, the key it was called with, and its own detail. */
const echoing = (prompt: string) => `${DETAIL}: could not process "${prompt}" for key ${KEY}`;

describe('upstream error text (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;
  let openai: FakeServer;
  let gateway: GatewayProcess;
  let base: string;

  beforeAll(async () => {
    [database, ollama, openai] = await Promise.all([
      createTestDatabase('upstream_text'),
      startFakeOllama(),
      startFakeOpenAi(),
    ]);
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-upstream-text-'));
    writeFileSync(
      join(dataDir, 'policy.json'),
      JSON.stringify({
        ...CLOUD_DEFAULT_POLICY,
        fallback: { on_local_failure: 'fail', on_cloud_failure: 'fail' },
      }),
    );
    gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      POLICY_FILE: join(dataDir, 'policy.json'),
      OLLAMA_HOST: ollama.url,
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: KEY,
      LOG_LEVEL: 'debug',
    });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    await Promise.all([ollama.close(), openai.close()]);
    await database.drop();
  });

  const post = (path: string, content: string, extra: object = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content }], ...extra }),
    });

  it.each([
    ['the local provider on /v1/chat', '/v1/chat', LOCAL_PROMPT, 'local', {}],
    ['the cloud provider on /v1/chat', '/v1/chat', CLOUD_PROMPT, 'cloud', {}],
    ['the cloud provider on /v1/chat/completions', '/v1/chat/completions', CLOUD_PROMPT, 'cloud', {}],
    ['the cloud provider, streamed', '/v1/chat/completions', CLOUD_PROMPT, 'cloud', { stream: true }],
  ])('answers a failure of %s in our own words', async (_label, path, prompt, tier, extra) => {
    (tier === 'local' ? ollama : openai).queueFault({
      kind: 'status',
      status: 400,
      message: echoing(prompt),
    });
    const response = await post(path, prompt, extra);
    expect(response.status).toBe(502);
    const text = await response.text();
    for (const leaked of [DETAIL, KEY, 'EDGEKEY', 'PROMPTECHO']) expect(text).not.toContain(leaked);
    expect(text).toContain(`${tier} provider answered HTTP 400 (client_error)`);
  });

  it('keeps the upstream text for one debug line, with the key and the prompt masked', async () => {
    ollama.queueFault({ kind: 'status', status: 400, message: echoing(LOCAL_PROMPT) });
    expect((await post('/v1/chat', LOCAL_PROMPT)).status).toBe(502);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const details = gateway
      .output()
      .split('\n')
      .filter((line) => line.includes('provider failure detail'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(details.length).toBeGreaterThan(0);
    expect(details.at(-1)).toMatchObject({
      level: 20,
      provider: 'local',
      category: 'client_error',
      upstream_status: 400,
      upstream_message: expect.stringContaining(DETAIL),
    });
    expect(gateway.output()).not.toContain('EDGEKEY');
    expect(gateway.output()).not.toContain('PROMPTECHO');
  });
});
