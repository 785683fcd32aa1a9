// What an embeddings request leaves in the logs and the metrics of a real gateway process: its one
// line (endpoint embeddings), its counters, and never the text embedded — not even in the debug
// line that keeps an upstream's own error text.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOllama } from '../../fakes';
import { startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

describe('embeddings in logs and metrics (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('embed_logs'), startFakeOllama()]);
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  it('logs one line per embeddings request, counts it by endpoint, and never writes the input', async () => {
    const gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-embed-logs-')),
      OLLAMA_HOST: ollama.url,
      LOG_LEVEL: 'debug',
    });
    const url = `http://127.0.0.1:${gateway.port}`;
    const marker = 'EMBEDMARKER7f3a';
    const embed = (input: string[]) =>
      fetch(`${url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'auto', input }),
      });
    const answered = await embed([`first ${marker}`, 'second']);
    expect(answered.status).toBe(200);
    const requestId = answered.headers.get('x-request-id')!;
    // The upstream's error text echoes the input: it may reach only the masked debug line.
    ollama.queueFault({ kind: 'status', status: 500, message: `model failed on "first ${marker}"` });
    const failed = await embed([`first ${marker}`]);
    expect(failed.status).toBe(502);
    const metrics = await (await fetch(`${url}/v1/metrics`)).text();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = gateway.output();
    gateway.child.kill('SIGTERM');
    await gateway.exited;

    const lines = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const ofRequest = lines.filter((line) => line.request_id === requestId && line.level === 30);
    expect(ofRequest).toEqual([
      expect.objectContaining({ msg: 'chat request finished', endpoint: 'embeddings', status: 'success' }),
    ]);
    expect(lines.some((line) => line.msg === 'provider failure detail')).toBe(true);
    expect(output).not.toContain(marker);
    expect(metrics).toMatch(/policy_mesh_chat_requests_total\{[^}]*endpoint="embeddings"[^}]*\} 1/);
    expect(metrics).toMatch(
      /policy_mesh_routing_decisions_total\{provider="local",reason_code="cost_prefer_local"\} 2/,
    );
  });
});
