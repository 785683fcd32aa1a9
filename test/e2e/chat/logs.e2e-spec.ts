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

  it('logs JSON lines with the request id and no prompt, answer or secret', async () => {
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
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = gateway.output();
    gateway.child.kill('SIGTERM');
    await gateway.exited;

    const lines = output.split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const ofRequest = lines.filter((line) => line.includes(body.request_id));
    expect(ofRequest.length).toBeGreaterThanOrEqual(2); // the orchestration's line and the access line
    for (const line of ofRequest)
      expect((JSON.parse(line) as { request_id: string }).request_id).toBe(body.request_id);
    for (const secret of [marker, 'local reply', 'AUTH-SECRET-77', 'COOKIE-SECRET-88', 'LOGSECRET'])
      expect(output).not.toContain(secret);
    // Probes are not logged per request.
    expect(output).not.toContain('"url":"/v1/health"');
  });
});
