// Streams under load, against the real gateway over HTTP: clients that stop reading hold back
// their upstream instead of filling the gateway, are cut after the stall timeout with their one
// audit row, and do not keep /v1/health from answering; hundreds of concurrent streams all finish
// and are all audited.
import { Agent, request, type IncomingMessage } from 'node:http';
import { openUnreadStream } from '../../support/unread-stream';
import {
  CLOUD_DEFAULT_POLICY,
  LONG_PROMPT,
  startGateway,
  type GatewayHarness,
} from '../../support/gateway-harness';

jest.setTimeout(90_000);

const BODY = JSON.stringify({
  model: 'auto',
  stream: true,
  messages: [{ role: 'user', content: LONG_PROMPT }],
});

/** Waits for a condition the gateway reaches by itself; the test's own timeout is the limit. */
async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads what is left of a stream: whether it ended with `[DONE]` or was cut. */
function readRest(res: IncomingMessage): Promise<{ done: boolean }> {
  return new Promise((resolve) => {
    let tail = '';
    res.on('data', (part: Buffer) => (tail = (tail + part.toString('latin1')).slice(-64)));
    res.once('close', () => resolve({ done: tail.endsWith('data: [DONE]\n\n') }));
    res.once('error', () => undefined);
    res.resume();
  });
}

/** Reads a stream to its end the way an SDK does: its content and whether `[DONE]` came. */
function readStream(url: string, agent: Agent): Promise<{ status: number; content: string; done: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (part: string) => (text += part));
        res.once('end', () => {
          let content = '';
          let done = false;
          for (const block of text.split('\n\n')) {
            if (!block.startsWith('data: ')) continue;
            const data = block.slice('data: '.length);
            if (data === '[DONE]') done = true;
            else
              content +=
                (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta
                  .content ?? '';
          }
          resolve({ status: res.statusCode ?? 0, content, done });
        });
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(BODY);
  });
}

async function health(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/health`);
  await response.text();
  return response.status;
}

describe('streams under load', () => {
  describe('a client that stops reading', () => {
    let gateway: GatewayHarness;
    const agent = new Agent({ keepAlive: false });
    // 4,000 chunks of 8,000 characters: about 32 MB, far more than the sockets between the
    // upstream, the gateway and the client can hold.
    const chunks = 4000;
    const chunkChars = 8000;

    beforeAll(async () => {
      gateway = await startGateway('streams_stall', {
        policy: CLOUD_DEFAULT_POLICY,
        cloudStreamShape: { chunks, intervalMs: 0, chunkChars },
        env: { STREAM_STALL_TIMEOUT_SECONDS: '1', PROVIDER_TIMEOUT_SECONDS: '30' },
      });
    });

    afterAll(async () => {
      agent.destroy();
      await gateway.close();
    });

    it('holds the upstream back instead of buffering the answer, then is cut and audited as stalled', async () => {
      const res = await openUnreadStream(gateway.url, agent);
      expect(res.statusCode).toBe(200);
      const requestId = String(res.headers['x-policy-mesh-request-id']);
      const upstream = gateway.openai.requestsTo('/v1/chat/completions')[0]!;

      // The gateway cuts the silent client after the stall timeout and records why.
      const rows = await until(async () => {
        const found = await gateway.auditRows('request_id = $1', [requestId]);
        return found.length > 0 ? found : undefined;
      });
      // The client, reading again, finds its stream cut short.
      expect(await readRest(res)).toEqual({ done: false });

      // The upstream was held back: its writes backed up and it never got to finish its answer
      // (without backpressure the gateway reads all 32 MB into memory and the upstream finishes).
      expect(upstream.writesBackedUp).toBe(true);
      expect(upstream.answered).toBe(false);
      // The gateway ended the upstream call when it cut the client.
      await until(() => (upstream.closedByClient ? true : undefined));
      expect(rows).toEqual([
        expect.objectContaining({
          status: 'failure',
          failure_category: 'canceled',
          error_code: 'STREAM_STALLED',
          stream: true,
          served_by: null,
        }),
      ]);
    });
  });

  describe('a hundred clients that stop reading', () => {
    let gateway: GatewayHarness;
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const streams = 100;

    beforeAll(async () => {
      gateway = await startGateway('streams_unread', {
        policy: CLOUD_DEFAULT_POLICY,
        // About 32 MB each: several times what the sockets on the way hold, so every stream blocks.
        cloudStreamShape: { chunks: 4000, intervalMs: 0, chunkChars: 8000 },
        env: { STREAM_STALL_TIMEOUT_SECONDS: '2', PROVIDER_TIMEOUT_SECONDS: '30' },
      });
    });

    afterAll(async () => {
      agent.destroy();
      await gateway.close();
    });

    it('keeps health answering and the gateway’s memory flat, then cuts and audits every one', async () => {
      const rssBefore = process.memoryUsage().rss;
      const opened = await Promise.all(
        Array.from({ length: streams }, () => openUnreadStream(gateway.url, agent)),
      );
      expect(opened.every((res) => res.statusCode === 200)).toBe(true);
      const upstream = () => gateway.openai.requestsTo('/v1/chat/completions');
      // Every upstream is held back by its silent client.
      await until(() =>
        upstream().filter((call) => call.writesBackedUp).length === streams ? true : undefined,
      );

      expect(await health(gateway.url)).toBe(200);
      // What the gateway holds for them is bounded by their sockets, not by the 3.2 GB the answers
      // weigh (without backpressure it reads them all into its heap). The margin is for the garbage
      // of what passed through before the sockets filled, which the collector has not taken yet.
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(500 * 1024 * 1024);
      expect(upstream().filter((call) => call.answered)).toHaveLength(0);

      const ids = opened.map((res) => String(res.headers['x-policy-mesh-request-id']));
      const rows = await until(async () => {
        const found = await gateway.auditRows('request_id = ANY($1)', [ids]);
        return found.length === streams ? found : undefined;
      });
      expect(new Set(rows.map((row) => row.request_id)).size).toBe(streams);
      expect(rows.every((row) => row.error_code === 'STREAM_STALLED')).toBe(true);
      expect(await Promise.all(opened.map(readRest))).toEqual(opened.map(() => ({ done: false })));
      expect(await health(gateway.url)).toBe(200);
    });
  });

  describe('300 concurrent streams', () => {
    let gateway: GatewayHarness;
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const streams = 300;
    // Each answer lasts 6 s, three times the provider timeout (2 s): a stream that has to wait for
    // a connection until another one ends times out instead of finishing.
    const shape = { chunks: 60, intervalMs: 100 };

    beforeAll(async () => {
      gateway = await startGateway('streams_300', { policy: CLOUD_DEFAULT_POLICY, cloudStreamShape: shape });
    });

    afterAll(async () => {
      agent.destroy();
      await gateway.close();
    });

    it('finishes every one whole and audits each once', async () => {
      const expected = [
        'cloud',
        ...Array.from({ length: shape.chunks - 1 }, (_, index) => ` w${index + 1}`),
      ].join('');
      const results = await Promise.all(
        Array.from({ length: streams }, () => readStream(gateway.url, agent)),
      );

      const whole = results.filter(
        (result) => result.status === 200 && result.done && result.content === expected,
      );
      expect(whole.length).toBe(streams);
      const rows = await gateway.auditRows("endpoint = 'openai' AND stream");
      expect(rows).toHaveLength(streams);
      expect(new Set(rows.map((row) => row.request_id)).size).toBe(streams);
      expect(rows.every((row) => row.status === 'success')).toBe(true);
    });
  });
});
