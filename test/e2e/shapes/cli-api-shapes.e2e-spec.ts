// One shape per concept: what `policy-mesh … --json` prints is the JSON the API answers for the same
// thing, key for key (and value for value where nothing differs between two calls).
import request from 'supertest';
import { runCli } from '../../../apps/cli/test/cli-harness';
import { CLOUD_DEFAULT_POLICY, type GatewayHarness, startGateway } from '../../support/gateway-harness';

/** The JSON's shape: every key, recursively, with the type of each leaf. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  return value === null ? 'null' : typeof value;
}

describe('CLI --json and the API answer the same JSON (e2e)', () => {
  let harness: GatewayHarness;
  const cliJson = async (args: string[]) => {
    const run = await runCli([...args, '--json'], harness.env);
    return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as Record<string, unknown> };
  };
  const api = () => request(harness.url);

  beforeAll(async () => {
    harness = await startGateway('shapes', { policy: CLOUD_DEFAULT_POLICY });
  });

  afterEach(() => {
    harness.ollama.reset();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('chat, streamed or not, and its 502', async () => {
    const messages = [{ role: 'user', content: 'hello there' }];
    const body = (await api().post('/v1/chat').send({ messages }).expect(200)).body as Record<
      string,
      unknown
    >;
    const once = await cliJson(['chat', 'hello there']);
    const streamed = await cliJson(['chat', '--stream', 'hello there']);
    for (const printed of [once.json, streamed.json]) {
      expect(shape(printed)).toEqual(shape(body));
      expect({ ...printed, request_id: body.request_id }).toEqual(body);
    }

    harness.ollama.setFault({ kind: 'status', status: 500 });
    const failed = (await api().post('/v1/chat').send({ messages }).expect(502)).body as Record<
      string,
      unknown
    >;
    const cliFailed = await cliJson(['chat', 'hello there']);
    expect(cliFailed.exitCode).toBe(1);
    expect(shape(cliFailed.json)).toEqual(shape(failed));
    expect({ ...cliFailed.json, request_id: failed.request_id }).toEqual(failed);
  });

  it('policy show and GET /v1/routes, notices included', async () => {
    const body = (await api().get('/v1/routes').expect(200)).body as { loaded_at: string };
    const run = await runCli(['policy', 'show'], harness.env);
    expect(run.exitCode).toBe(0);
    // The same policy, loaded by another process a moment later.
    expect({ ...(JSON.parse(run.stdout) as object), loaded_at: body.loaded_at }).toEqual(body);
  });

  it('route explain', async () => {
    const body = (
      await api()
        .post('/v1/route/explain')
        .send({ messages: [{ role: 'user', content: 'our confidential plan' }] })
        .expect(200)
    ).body as unknown;
    expect((await cliJson(['route', 'explain', 'our confidential plan'])).json).toEqual(body);
  });

  it('route explain --embeddings and POST /v1/route/explain/embeddings', async () => {
    for (const text of ['our confidential plan', 'a short note']) {
      const body = (await api().post('/v1/route/explain/embeddings').send({ input: text }).expect(200))
        .body as { reason_codes: string[] };
      expect((await cliJson(['route', 'explain', '--embeddings', text])).json).toEqual(body);
    }
    const refused = await api()
      .post('/v1/route/explain/embeddings')
      .send({ input: [1, 2, 3] })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'UNSUPPORTED_CONTENT' });
  });

  it('audit list (the same envelope), show and stats', async () => {
    const list = (await api().get('/v1/audit').query({ limit: 2 }).expect(200)).body as {
      items: { request_id: string }[];
      next_cursor: string | null;
    };
    expect(list.next_cursor).not.toBeNull();
    expect((await cliJson(['audit', 'list', '--limit', '2'])).json).toEqual(list);

    const id = list.items[0]!.request_id;
    const shown = (await api().get(`/v1/audit/${id}`).expect(200)).body as unknown;
    // `audit show` prints JSON only, so it takes no --json.
    expect(JSON.parse((await runCli(['audit', 'show', id], harness.env)).stdout)).toEqual(shown);

    const stats = (await api().get('/v1/audit/stats').expect(200)).body as unknown;
    expect((await cliJson(['audit', 'stats'])).json).toEqual(stats);
  });

  it('health', async () => {
    const ready = (await api().get('/v1/health/ready').expect(200)).body as { status: string };
    const printed = await cliJson(['health']);
    expect(printed.exitCode).toBe(0);
    expect(shape(printed.json)).toEqual(shape(ready));
    expect(printed.json.status).toBe(ready.status);
  });
});
