import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { isPagePath, securityHeaders } from './security-headers';

async function headersFor(url: string, hstsMaxAgeSeconds: number): Promise<Headers> {
  const middleware = securityHeaders({ hstsMaxAgeSeconds, allowedHosts: [] } as never);
  const server: Server = createServer((req, res) =>
    middleware(req as Request, res as Response, () => res.end('{}')),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}${url}`)).headers;
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  it.each([
    '/',
    '/ui',
    '/ui/assets/app.js',
    '/favicon.ico',
    '/docs',
    '/docs/swagger-ui.css',
    '/docs-json',
    '/ui?x=1',
  ])('treats %s as a page', (url) => expect(isPagePath(url)).toBe(true));

  it.each(['/v1/chat', '/v1/chat/completions', '/v1/health', '/uix', '/documents', '/nothing-here'])(
    'treats %s as the API',
    (url) => expect(isPagePath(url)).toBe(false),
  );

  it("sends an API route the page's own values for nosniff, CSP, CORP and HSTS, and not the page-only headers", async () => {
    const [page, api] = await Promise.all([headersFor('/ui', 600), headersFor('/v1/chat', 600)]);
    for (const name of [
      'content-security-policy',
      'cross-origin-resource-policy',
      'x-content-type-options',
      'strict-transport-security',
    ]) {
      expect(api.get(name)).not.toBeNull();
      expect(api.get(name)).toBe(page.get(name));
    }
    expect(page.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(api.get('x-frame-options')).toBeNull();
  });

  it('sends no HSTS on an API route unless configured', async () => {
    expect((await headersFor('/v1/chat', 0)).get('strict-transport-security')).toBeNull();
  });
});
