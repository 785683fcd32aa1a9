// SIGTERM drains: a request in flight when the signal arrives is answered and audited, then the
// process exits; a stream that would outlast the grace is cut before it ends and audited too.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type FakeServer, startFakeOllama, streamShapeMarker } from '../../fakes';
import { startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

describe('graceful shutdown (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('shutdown'), startFakeOllama()]);
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  it('answers and audits the request in flight, then exits', async () => {
    const gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-shutdown-')),
      OLLAMA_HOST: ollama.url,
      LOG_LEVEL: 'warn',
    });
    const port = gateway.port;
    ollama.setFault({ kind: 'delay', ms: 1500 });
    const answer = fetch(`http://127.0.0.1:${port}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello during shutdown' }] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    gateway.child.kill('SIGTERM');
    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { request_id: string; content: string };
    expect(body.content).toMatch(/^local reply/);
    await gateway.exited;
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const rows = await client.query('SELECT status FROM audit_events WHERE request_id = $1', [
      body.request_id,
    ]);
    await client.end();
    expect(rows.rows).toEqual([{ status: 'success' }]);
  });

  it('cuts a stream that would outlast the grace, audits it as canceled, and exits 0', async () => {
    const gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-shutdown-')),
      OLLAMA_HOST: ollama.url,
      LOG_LEVEL: 'warn',
      // Answers still open 5 s before the grace ends are cut: here, 1 s after the signal.
      SHUTDOWN_GRACE_SECONDS: '6',
    });
    // 100 s of answer, from the local tier (the built-in policy keeps a short prompt local).
    const content = `a long story ${streamShapeMarker({ chunks: 1000, intervalMs: 100 })}`;
    const response = await fetch(`http://127.0.0.1:${gateway.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', stream: true, messages: [{ role: 'user', content }] }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    const reader = response.body!.getReader();
    await reader.read();
    gateway.child.kill('SIGTERM');
    // The body ends (cut) long before the stream would have.
    for (;;) {
      const step = await reader.read().catch(() => ({ done: true }));
      if (step.done) break;
    }
    await gateway.exited;
    expect(gateway.child.exitCode).toBe(0);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const rows = await client.query(
      'SELECT status, failure_category, stream FROM audit_events WHERE request_id = $1',
      [requestId],
    );
    await client.end();
    expect(rows.rows).toEqual([{ status: 'failure', failure_category: 'canceled', stream: true }]);
  });
});
