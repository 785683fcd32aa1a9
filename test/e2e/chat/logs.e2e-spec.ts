// What the gateway writes to its logs: JSON lines carrying the request id, and never the prompt,
// the answer or a secret.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOllama } from '../../fakes';
import { startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

describe('structured logs (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('logs'), startFakeOllama()]);
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  it('logs one JSON line per request with its request id and no prompt, answer or secret', async () => {
    const gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-logs-')),
      OLLAMA_HOST: ollama.url,
      OPENAI_API_KEY: 'sk-LOGSECRET-0123456789abcdefghij',
      LOG_LEVEL: 'info',
    });
    const port = gateway.port;
    const marker = 'PROMPT-MARKER-5d1e';
    const response = await fetch(`http://127.0.0.1:${port}/v1/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer AUTH-SECRET-77',
        cookie: 'session=COOKIE-SECRET-88',
      },
      body: JSON.stringify({ messages: [{ role: 'user', content: `hello ${marker}` }] }),
    });
    const body = (await response.json()) as { request_id: string };
    const refused = await fetch(`http://127.0.0.1:${port}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [] }),
    });
    const refusedId = refused.headers.get('x-request-id');
    expect(refused.status).toBe(400);
    ollama.queueFault({ kind: 'status', status: 500 });
    const failed = await fetch(`http://127.0.0.1:${port}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
    });
    const failedBody = (await failed.json()) as { request_id: string };
    expect(failed.status).toBe(502);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = gateway.output();
    gateway.child.kill('SIGTERM');
    await gateway.exited;

    const lines = output.split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    // One line per request: an answered chat is described by the orchestration's line alone (a
    // warning, such as the first request's generated fingerprint key, may come on its own).
    const ofRequest = lines.filter(
      (line) => line.includes(body.request_id) && (JSON.parse(line) as { level: number }).level === 30,
    );
    expect(ofRequest).toHaveLength(1);
    expect(JSON.parse(ofRequest[0]!)).toMatchObject({
      request_id: body.request_id,
      msg: 'chat request finished',
      provider: 'local',
      status: 'success',
    });
    // A provider failure is one line too, at warn, so LOG_LEVEL=warn still shows it.
    const ofFailed = lines.filter((line) => line.includes(failedBody.request_id));
    expect(ofFailed).toHaveLength(1);
    expect(JSON.parse(ofFailed[0]!)).toMatchObject({
      level: 40,
      msg: 'chat request finished',
      status: 'failure',
      failure_category: 'server_error',
    });
    // A request refused before routing keeps its access line, with the status it got.
    const ofRefused = lines.filter((line) => refusedId !== null && line.includes(refusedId));
    expect(ofRefused.map((line) => JSON.parse(line) as unknown)).toContainEqual(
      expect.objectContaining({ request_id: refusedId, res: { status_code: 400 } }),
    );
    for (const secret of [marker, 'local reply', 'AUTH-SECRET-77', 'COOKIE-SECRET-88', 'LOGSECRET'])
      expect(output).not.toContain(secret);
    // Probes are not logged per request.
    expect(output).not.toContain('"url":"/v1/health"');
  });
});
