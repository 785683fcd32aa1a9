// SIGTERM with keep-alive clients, against the real gateway process: idle keep-alive connections
// are closed at once, the answer in flight is given with `Connection: close`, and a request that
// arrives while draining is answered 503 SHUTTING_DOWN or finds the connection closed — never served.
import { mkdtempSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOllama } from '../../fakes';
import { startGatewayProcess } from '../../support/gateway-process';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(90_000);

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly socket: Socket;
}

/** One request over a keep-alive agent, resolved with the whole answer (or rejected on a socket error). */
function send(agent: Agent, port: number, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        // The agent takes the socket back once the answer ends; keep hold of it to watch it.
        const socket = res.socket;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('draining keep-alive connections on SIGTERM (e2e)', () => {
  let database: TestDatabase;
  let ollama: FakeServer;

  beforeAll(async () => {
    [database, ollama] = await Promise.all([createTestDatabase('shutdown_keepalive'), startFakeOllama()]);
  });

  afterAll(async () => {
    await ollama.close();
    await database.drop();
  });

  it('closes idle connections, answers the request in flight with Connection: close, and serves nothing new', async () => {
    const gateway = await startGatewayProcess({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-shutdown-keepalive-')),
      OLLAMA_HOST: ollama.url,
      LOG_LEVEL: 'warn',
    });
    const { port } = gateway;
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // A keep-alive connection left idle after one answer.
      const warmUp = await send(idleAgent, port, 'GET', '/v1/health');
      expect(warmUp.headers.connection).toBe('keep-alive');
      let idleClosed = false;
      warmUp.socket.once('close', () => (idleClosed = true));

      // A request in flight when the signal arrives, on a connection of its own.
      ollama.setFault({ kind: 'delay', ms: 2000 });
      const inFlight = send(busyAgent, port, 'POST', '/v1/chat', {
        messages: [{ role: 'user', content: 'hello during the drain' }],
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      gateway.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 400));

      // While draining: the idle connection is gone and a new request is not served.
      expect(idleClosed).toBe(true);
      const late = await send(new Agent({ keepAlive: true }), port, 'GET', '/v1/health').then(
        (answer) => ({ status: answer.status, body: answer.body, error: null }),
        (error: NodeJS.ErrnoException) => ({ status: 0, body: '', error: error.code }),
      );
      if (late.error === null) {
        expect(late.status).toBe(503);
        expect(JSON.parse(late.body)).toMatchObject({ code: 'SHUTTING_DOWN' });
      } else {
        expect(['ECONNREFUSED', 'ECONNRESET']).toContain(late.error);
      }

      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
      expect(JSON.parse(answer.body)).toMatchObject({ provider: 'local' });
      await gateway.exited;
    } finally {
      idleAgent.destroy();
      busyAgent.destroy();
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  });
});
