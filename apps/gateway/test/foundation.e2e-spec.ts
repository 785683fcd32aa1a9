// The HTTP app's foundation as a client sees it: probes, request ids, and 4xx for bad input.
import type { INestApplication } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { createGatewayApp } from '../src/create-gateway-app';

describe('gateway foundation (e2e)', () => {
  let app: INestApplication;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('foundation');
    app = await createGatewayApp(
      AppConfig.fromEnvironment({
        LOG_LEVEL: 'silent',
        BODY_LIMIT_BYTES: '2048',
        DATABASE_URL: database.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-foundation-')),
      }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers liveness with exactly {"status":"ok"}', async () => {
    const response = await request(app.getHttpServer()).get('/v1/health').expect(200);
    expect(response.text).toBe('{"status":"ok"}');
  });

  it('reports readiness per dependency, and stays ready while the local provider is down', async () => {
    // OLLAMA_HOST points at the default port, where nothing listens here: the cloud could still
    // serve, so a down Ollama is reported, never a reason to leave the Service.
    const response = await request(app.getHttpServer()).get('/v1/health/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ready',
      checks: {
        database: { status: 'up', embedded: false, pending_migrations: [], detail: null },
        audit_spool: { status: 'up', spooled_events: 0, queue_depth: 0, detail: null },
        local_provider: { status: 'down', upstream: 'ollama', detail: expect.any(String) },
        cloud_provider: { status: 'not_configured', upstream: 'openai', detail: 'OPENAI_API_KEY is unset' },
      },
    });
  });

  it('answers readiness probe after probe without holding a database connection', async () => {
    // More probes than the pool has connections: a probe that kept one would starve the audit writes.
    for (let probe = 0; probe < 12; probe += 1) {
      const response = await request(app.getHttpServer()).get('/v1/health/ready').expect(200);
      expect(response.body.checks.database).toMatchObject({ status: 'up' });
    }
  });

  it('generates a UUID v7 request id when none is sent', async () => {
    const response = await request(app.getHttpServer()).get('/v1/health').expect(200);
    expect(response.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('mints its own request id whatever the caller sends, keeping a plain inbound id as correlation id', async () => {
    const inbound = '0190e5c6-36b4-7a61-9a33-3b1c0c6d9f10';
    const kept = await request(app.getHttpServer()).get('/v1/health').set('X-Request-Id', inbound);
    expect(kept.headers['x-request-id']).not.toBe(inbound);
    expect(kept.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(kept.headers['x-correlation-id']).toBe(inbound);
    const dropped = await request(app.getHttpServer())
      .get('/v1/health')
      .set('X-Request-Id', 'x"; drop table');
    expect(dropped.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(dropped.headers['x-correlation-id']).toBeUndefined();
  });

  it('answers an unknown route with a 404 JSON body naming the request id', async () => {
    const response = await request(app.getHttpServer()).get('/v1/nothing-here').expect(404);
    expect(response.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'no such route',
      request_id: response.headers['x-request-id'],
    });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(app.getHttpServer())
      .post('/v1/nothing-here')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(4096) }))
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await request(app.getHttpServer())
      .post('/v1/nothing-here')
      .set('Content-Type', 'application/json')
      .send('{"messages": [')
      .expect(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await request(app.getHttpServer())
      .post('/v1/nothing-here')
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.paths).toHaveProperty('/v1/health');
    await request(app.getHttpServer()).get('/docs').expect(200);
  });

  it('sets security headers', async () => {
    const response = await request(app.getHttpServer()).get('/v1/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('gateway start with a bad environment (e2e)', () => {
  it('stops with a message naming every bad variable and a non-zero exit code', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gateway/src/main.ts'],
      {
        cwd: join(__dirname, '../../..'),
        env: { PATH: process.env.PATH, PORT: 'abc', AUDIT_DURABILITY: 'sometimes' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toMatch(/PORT: must be a port number/);
    expect(result.stderr).toMatch(/AUDIT_DURABILITY: must be commit or async/);
  });
});
