// What a browser is told, and whom the gateway answers: DNS rebinding (only known Host names), no
// permissive CORS anywhere, security headers that work over plain HTTP, and an icon.
import request from 'supertest';
import { type GatewayHarness, startGateway } from '../../support/gateway-harness';

const ROUTES: readonly [string, string][] = [
  ['GET', '/v1/audit'],
  ['GET', '/v1/routes'],
  ['GET', '/v1/health'],
  ['GET', '/v1/metrics'],
  ['GET', '/ui'],
  ['GET', '/ui/assets/app.js'],
  ['GET', '/docs'],
  ['POST', '/v1/chat'],
  ['POST', '/v1/chat/completions'],
  ['OPTIONS', '/v1/chat/completions'],
  ['GET', '/nothing-here'],
];

const call = (harness: GatewayHarness, method: string, path: string) =>
  request(harness.url)[method.toLowerCase() as 'get' | 'post' | 'options'](path);

describe('Host names, CORS and security headers (e2e)', () => {
  describe('bound to loopback', () => {
    let harness: GatewayHarness;

    beforeAll(async () => {
      harness = await startGateway('host_loopback', { env: { ALLOWED_HOSTS: 'gateway.internal' } });
    });

    afterAll(async () => {
      await harness.close();
    });

    it.each(ROUTES)(
      'refuses %s %s for a rebound Host name with 421 HOST_NOT_ALLOWED',
      async (method, path) => {
        const response = await call(harness, method, path).set('Host', 'attacker.example:8000').expect(421);
        if (method !== 'OPTIONS' || response.body.code !== undefined)
          expect(JSON.stringify(response.body)).toMatch(/host_not_allowed/i);
        expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        // The refusal carries the security headers every answer does.
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      },
    );

    it.each(['127.0.0.1:8000', 'localhost', 'LOCALHOST:1234', '[::1]:8000', 'gateway.internal:8000'])(
      'answers the Host %s',
      async (host) => {
        await request(harness.url).get('/v1/health').set('Host', host).expect(200);
      },
    );

    it('never sends Access-Control-Allow-Origin, preflight included', async () => {
      for (const [method, path] of ROUTES) {
        const response = await call(harness, method, path)
          .set('Origin', 'http://attacker.example')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'content-type, authorization');
        expect(response.headers).not.toHaveProperty('access-control-allow-origin');
        expect(response.headers).not.toHaveProperty('access-control-allow-credentials');
      }
    });

    it('sends a CSP that forbids inline script and third parties, without upgrading to https, and no HSTS', async () => {
      const response = await request(harness.url).get('/ui').expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(csp).toMatch(/(^|;)script-src 'self'(;|$)/);
      expect(csp).toContain("script-src-attr 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/https:|\*/);
      expect(response.headers).not.toHaveProperty('strict-transport-security');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers /favicon.ico with an icon', async () => {
      const response = await request(harness.url).get('/favicon.ico').expect(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    });
  });

  describe('bound to every address', () => {
    it('answers any Host name without ALLOWED_HOSTS', async () => {
      const harness = await startGateway('host_any', { listenHost: '0.0.0.0' });
      try {
        await request(harness.url).get('/v1/health').set('Host', 'gateway.example.com').expect(200);
      } finally {
        await harness.close();
      }
    });

    it('answers only the listed names (and loopback) with ALLOWED_HOSTS, and sends HSTS when configured', async () => {
      const harness = await startGateway('host_listed', {
        listenHost: '0.0.0.0',
        env: { ALLOWED_HOSTS: 'gateway.example.com', HSTS_MAX_AGE_SECONDS: '31536000' },
      });
      try {
        const listed = await request(harness.url)
          .get('/v1/health')
          .set('Host', 'gateway.example.com')
          .expect(200);
        expect(listed.headers['strict-transport-security']).toBe('max-age=31536000');
        await request(harness.url).get('/v1/health').set('Host', '127.0.0.1').expect(200);
        await request(harness.url).get('/v1/health').set('Host', 'other.example.com').expect(421);
      } finally {
        await harness.close();
      }
    });
  });
});
