// API keys end to end (AUTH_MODE=keys): every refusal with its code and envelope, the admin API,
// the key id in audit rows, revocation on another replica within a second, per-key rate limits
// with OpenAI's headers, the daily cloud budget, and local-only keys that never reach the cloud.
import type { INestApplication } from '@nestjs/common';
import { AppConfig } from '@app/config';
import OpenAI from 'openai';
import { Client } from 'pg';
import request from 'supertest';
import { runCli } from '../../../apps/cli/test/cli-harness';
import { createGatewayApp } from '../../../apps/gateway/src/create-gateway-app';
import {
  CLOUD_DEFAULT_POLICY,
  type GatewayHarness,
  LONG_PROMPT,
  startGateway,
} from '../../support/gateway-harness';

// Starting a gateway on a private database takes seconds on a busy machine.
jest.setTimeout(60_000);

const ADMIN_KEY = 'admin-bootstrap-key-for-the-e2e-tests-0123456789';
const POLICY = {
  ...CLOUD_DEFAULT_POLICY,
  // A cloud answer's estimate is tiny (input price) and its cost large (a dollar per output token).
  cost: { ...CLOUD_DEFAULT_POLICY.cost, input_usd_per_1m_tokens: 1, output_usd_per_1m_tokens: 1_000_000 },
  fallback: { on_local_failure: 'cloud', on_cloud_failure: 'local' },
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  name: string;
  scopes: string[];
}

describe('API keys (e2e)', () => {
  let harness: GatewayHarness;
  const keys: string[] = [];

  const admin = () => ({ authorization: `Bearer ${ADMIN_KEY}` });
  const createKey = async (body: object): Promise<CreatedKey> => {
    const response = await request(harness.url).post('/v1/keys').set(admin()).send(body).expect(201);
    // The one answer that holds a key is never cached.
    expect(response.headers['cache-control']).toBe('no-store');
    keys.push(response.body.key);
    return response.body as CreatedKey;
  };
  const chat = (key: string | null, content: string) => {
    const call = request(harness.url)
      .post('/v1/chat')
      .send({ messages: [{ role: 'user', content }] });
    return key === null ? call : call.set('authorization', `Bearer ${key}`);
  };
  const sdk = (apiKey: string) => new OpenAI({ baseURL: `${harness.url}/v1`, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    harness = await startGateway('api_keys', {
      policy: POLICY,
      env: { AUTH_MODE: 'keys', ADMIN_API_KEY: ADMIN_KEY },
    });
  });

  afterEach(() => {
    harness.ollama.reset();
    harness.openai.reset();
  });

  afterAll(async () => {
    await harness.close();
  });

  describe('refusals', () => {
    it('answers 401 AUTH_REQUIRED without a key, in the native envelope, and audits nothing', async () => {
      const response = await chat(null, 'hello').expect(401);
      expect(response.body).toEqual({
        statusCode: 401,
        code: 'AUTH_REQUIRED',
        message: expect.stringContaining('Authorization: Bearer'),
        request_id: response.headers['x-request-id'],
      });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="policy-mesh"');
      expect(await harness.auditRows('request_id = $1', [response.headers['x-request-id']])).toEqual([]);
      expect(harness.ollama.requestsTo('/api/chat')).toHaveLength(0);
    });

    it('answers 401 AUTH_INVALID for an unknown key, in OpenAI envelope through the SDK', async () => {
      const error = await sdk(`pm_${'x'.repeat(43)}`)
        .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toEqual({
        message: 'the API key is not valid',
        type: 'authentication_error',
        code: 'auth_invalid',
        param: null,
      });
    });

    it('answers 403 AUTH_FORBIDDEN when a chat key asks for an admin route', async () => {
      const { key } = await createKey({ name: 'chat-only' });
      for (const path of ['/v1/audit', '/v1/keys', '/v1/routes', '/v1/audit/stats']) {
        const response = await request(harness.url).get(path).set('x-api-key', key).expect(403);
        expect(response.body.code).toBe('AUTH_FORBIDDEN');
      }
      const models = await request(harness.url).get('/v1/models').set('x-api-key', key).expect(200);
      expect(models.body.object).toBe('list');
    });

    it('answers the OpenAI-compatible routes in OpenAI envelope without a key', async () => {
      const missing = await request(harness.url).get('/v1/models').expect(401);
      expect(missing.body).toEqual({
        error: {
          message: expect.any(String),
          type: 'authentication_error',
          code: 'auth_required',
          param: null,
        },
      });
    });

    it("audits a bad body refused before the key was checked only for a known caller, with the key's id", async () => {
      const { id, key } = await createKey({ name: 'bad-bodies' });
      const malformed = (headers: Record<string, string>) =>
        request(harness.url)
          .post('/v1/chat')
          .set({ 'content-type': 'application/json', ...headers })
          .send('{"messages": [')
          .expect(400);
      const stranger = await malformed({});
      expect(await harness.auditRows('request_id = $1', [stranger.headers['x-request-id']])).toEqual([]);
      const known = await malformed({ 'x-api-key': key });
      const [row] = await harness.auditRows('request_id = $1', [known.headers['x-request-id']]);
      expect(row).toMatchObject({ status: 'rejected', error_code: 'MALFORMED_JSON', key_id: id });
    });

    it('keeps the probes and the auth status open', async () => {
      await request(harness.url).get('/v1/health').expect(200);
      await request(harness.url).get('/v1/health/ready').expect(200);
      expect((await request(harness.url).get('/v1/auth').expect(200)).body).toEqual({
        auth_mode: 'keys',
        key: null,
      });
      const me = await request(harness.url).get('/v1/auth').set(admin()).expect(200);
      expect(me.body.key).toMatchObject({ name: 'ADMIN_API_KEY', scopes: ['chat', 'admin'] });
    });

    it('needs an admin key or the scrape token for /v1/metrics off loopback (loopback here: open)', async () => {
      await request(harness.url).get('/v1/metrics').expect(200);
    });
  });

  describe('the admin API', () => {
    it('creates a key shown once, lists it without the key, and the SDK calls with it', async () => {
      const created = await createKey({ name: 'billing', rpm: 1000, daily_cloud_usd: 100 });
      expect(created.key).toMatch(/^pm_[0-9A-Za-z]{43}$/);
      expect(created.prefix).toBe(created.key.slice(0, 11));
      expect(created.scopes).toEqual(['chat']);
      const list = await request(harness.url).get('/v1/keys').set(admin()).expect(200);
      const listed = list.body.items.find((item: { id: string }) => item.id === created.id);
      expect(listed).toMatchObject({ name: 'billing', prefix: created.prefix, status: 'active', rpm: 1000 });
      expect(JSON.stringify(list.body)).not.toContain(created.key);

      const { data, response } = await sdk(created.key)
        .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] })
        .withResponse();
      expect(data.choices[0]!.message.content).toMatch(/^local reply/);
      const requestId = response.headers.get('x-request-id')!;
      const [row] = await harness.auditRows('request_id = $1', [requestId]);
      expect(row!.key_id).toBe(created.id);

      const byName = await request(harness.url)
        .get('/v1/audit')
        .query({ key_name: 'billing' })
        .set(admin())
        .expect(200);
      expect(byName.body.items.map((item: { request_id: string }) => item.request_id)).toEqual([requestId]);
      const stats = await request(harness.url)
        .get('/v1/audit/stats')
        .query({ key_id: created.id })
        .set(admin())
        .expect(200);
      expect(stats.body.by_key).toEqual([{ key_id: created.id, name: 'billing', requests: 1, cost_usd: 0 }]);
    });

    it('refuses a bad key definition with 400 VALIDATION_FAILED and an unknown key with 404', async () => {
      const bad = await request(harness.url)
        .post('/v1/keys')
        .set(admin())
        .send({ name: 'x', scopes: ['root'], rpm: 0 })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      const missing = await request(harness.url).delete('/v1/keys/no-such-key').set(admin()).expect(404);
      expect(missing.body.code).toBe('API_KEY_NOT_FOUND');
    });

    it('revokes a key: 401 AUTH_REVOKED here at once, and on another replica within a second', async () => {
      const other: INestApplication = await createGatewayApp(AppConfig.fromEnvironment(harness.env));
      other.useLogger(false);
      await other.listen(0, '127.0.0.1');
      const otherUrl = (await other.getUrl()).replace('[::1]', '127.0.0.1');
      try {
        const { id, key } = await createKey({ name: 'to-revoke' });
        // The other replica has the key cached as valid when the revocation happens.
        await request(otherUrl).get('/v1/models').set('x-api-key', key).expect(200);
        const revoked = await request(harness.url).delete(`/v1/keys/${id}`).set(admin()).expect(200);
        expect(revoked.body).toMatchObject({ id, status: 'revoked' });
        expect((await chat(key, 'hello').expect(401)).body.code).toBe('AUTH_REVOKED');
        await sleep(1000);
        expect(
          (await request(otherUrl).get('/v1/models').set('x-api-key', key).expect(401)).body.error.code,
        ).toBe('auth_revoked');
      } finally {
        await other.close();
      }
    });

    it('rotates a key: a new key with the same attributes, the old one alive for the grace period', async () => {
      const old = await createKey({ name: 'rotating', local_only: true });
      const rotated = await request(harness.url)
        .post(`/v1/keys/${old.id}/rotate`)
        .set(admin())
        .send({ grace_seconds: 3600 })
        .expect(201);
      keys.push(rotated.body.key.key);
      expect(rotated.body.key).toMatchObject({ name: 'rotating', local_only: true, status: 'active' });
      expect(rotated.body.previous).toMatchObject({
        id: old.id,
        status: 'active',
        replaced_by: rotated.body.key.id,
      });
      expect(Date.parse(rotated.body.previous.expires_at)).toBeGreaterThan(Date.now() + 3500_000);
      await chat(old.key, 'hello').expect(200);
      await chat(rotated.body.key.key, 'hello').expect(200);
      const now = await request(harness.url)
        .post(`/v1/keys/${rotated.body.key.id}/rotate`)
        .set(admin())
        .send({ grace_seconds: 0 })
        .expect(201);
      keys.push(now.body.key.key);
      expect((await chat(rotated.body.key.key, 'hello').expect(401)).body.code).toBe('AUTH_REVOKED');
    });
  });

  describe('limits', () => {
    it('answers 429 RATE_LIMITED past the requests per minute, with Retry-After and OpenAI headers', async () => {
      const { key } = await createKey({ name: 'rpm-2', rpm: 2 });
      const first = await chat(key, 'hello').expect(200);
      expect(first.headers['x-ratelimit-limit-requests']).toBe('2');
      expect(first.headers['x-ratelimit-remaining-requests']).toBe('1');
      expect(first.headers['x-ratelimit-reset-requests']).toMatch(/^\d+(\.\d)?s$/);
      await chat(key, 'hello').expect(200);
      const refused = await chat(key, 'hello').expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['x-ratelimit-remaining-requests']).toBe('0');
      expect(await harness.auditRows('request_id = $1', [refused.headers['x-request-id']])).toEqual([]);

      const error = await sdk(key)
        .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({
        type: 'rate_limit_error',
        code: 'rate_limited',
      });
    });

    it('answers 429 once the tokens per minute are used up', async () => {
      const { key } = await createKey({ name: 'tpm-1', tpm: 1 });
      const first = await chat(key, 'hello').expect(200);
      expect(first.headers['x-ratelimit-limit-tokens']).toBe('1');
      const refused = await chat(key, 'hello').expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers['x-ratelimit-remaining-tokens']).toBe('0');
    });

    it("routes local with key_budget_exceeded once the key's daily cloud budget is spent", async () => {
      const { key } = await createKey({ name: 'budget', daily_cloud_usd: 0.5 });
      const first = await chat(key, LONG_PROMPT).expect(200);
      expect(first.body).toMatchObject({ provider: 'cloud', reason_codes: ['default'] });
      const second = await chat(key, LONG_PROMPT).expect(200);
      expect(second.body).toMatchObject({ provider: 'local', reason_codes: ['key_budget_exceeded'] });
      // Another key is not held to it.
      const { key: free } = await createKey({ name: 'no-budget' });
      expect((await chat(free, LONG_PROMPT).expect(200)).body.provider).toBe('cloud');
    });
  });

  describe('a local-only key', () => {
    let key: string;

    beforeAll(async () => {
      key = (await createKey({ name: 'hr-tool', local_only: true })).key;
    });

    it('routes local with key_local_only, and route explain shows the rule first', async () => {
      expect((await chat(key, LONG_PROMPT).expect(200)).body).toMatchObject({
        provider: 'local',
        served_by: 'local',
        reason_codes: ['key_local_only'],
      });
      const explained = await request(harness.url)
        .post('/v1/route/explain')
        .set('x-api-key', key)
        .send({ messages: [{ role: 'user', content: LONG_PROMPT }] })
        .expect(200);
      expect(explained.body.reason_codes).toEqual(['key_local_only']);
      expect(explained.body.trace.rules[0]).toEqual({
        rule: 'key_local_only',
        reason_code: 'key_local_only',
        matched: true,
        details: { local_only: true },
      });
    });

    it('route explain --key in the CLI decides as the key would, the same body as the API', async () => {
      const explained = await request(harness.url)
        .post('/v1/route/explain')
        .set('x-api-key', key)
        .send({ messages: [{ role: 'user', content: LONG_PROMPT }] })
        .expect(200);
      const run = await runCli(['route', 'explain', '--key', 'hr-tool', '--json', LONG_PROMPT], harness.env);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(explained.body);
    });

    it.each([
      ['native', false],
      ['openai', false],
      ['openai', true],
    ])(
      'never reaches the cloud when local fails, though the policy falls back (%s, stream %s)',
      async (door, stream) => {
        harness.ollama.setFault({ kind: 'status', status: 500 });
        const messages = [{ role: 'user', content: LONG_PROMPT }];
        const response =
          door === 'native'
            ? await request(harness.url).post('/v1/chat').set('x-api-key', key).send({ messages })
            : await request(harness.url)
                .post('/v1/chat/completions')
                .set('authorization', `Bearer ${key}`)
                .send({ model: 'auto', messages, stream });
        expect(response.status).toBe(502);
        expect(harness.openai.requestsTo('/v1/chat/completions')).toHaveLength(0);
        expect(harness.ollama.requestsTo('/api/chat').length).toBeGreaterThan(0);
      },
    );
  });

  describe('secrets', () => {
    it('never holds a key, or more of it than the public prefix, in the database, metrics or bodies', async () => {
      const { key } = await createKey({ name: 'secret-check' });
      const refused = await request(harness.url).get('/v1/audit').set('x-api-key', key).expect(403);
      const metrics = await request(harness.url).get('/v1/metrics').expect(200);
      const client = new Client({ connectionString: harness.database.url });
      await client.connect();
      let dump: string;
      try {
        const tables = await client.query('SELECT * FROM api_keys');
        const audit = await client.query('SELECT * FROM audit_events');
        dump = JSON.stringify([tables.rows, audit.rows]);
      } finally {
        await client.end();
      }
      const texts = [dump, metrics.text, JSON.stringify(refused.body)];
      for (const secret of [...keys, ADMIN_KEY])
        for (const text of texts) {
          // Twelve characters: one more than the public prefix (`pm_` and 8).
          expect(text).not.toContain(secret.slice(0, 12));
        }
      expect(metrics.text).toMatch(/policy_mesh_auth_rejections_total\{code="AUTH_FORBIDDEN"\} [1-9]/);
      expect(metrics.text).toMatch(/policy_mesh_auth_rejections_total\{code="RATE_LIMITED"\} [1-9]/);
    });
  });
});
