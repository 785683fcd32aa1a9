// Security headers for a gateway usually reached over plain HTTP (a laptop, or behind an ingress
// that terminates TLS): helmet's defaults minus what breaks plain HTTP. No
// `upgrade-insecure-requests` (Chromium then fetched https://<host>:8000/ui/assets/app.js and the
// UI stayed blank) and no HSTS unless HSTS_MAX_AGE_SECONDS says the gateway is only reached over
// HTTPS. The CSP still forbids inline script and every third-party origin. Chromium ignores
// Cross-Origin-Opener-Policy on a plain-HTTP origin with a console error, so it is sent only where
// HSTS is (HTTPS deployments); Origin-Agent-Cluster is not sent (on an origin first seen site-keyed
// it only earns a console warning, and the UI shares no agent cluster worth isolating).
import type { HttpSecurityConfig } from '@app/config';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const SELF = "'self'";

export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': [SELF],
  'base-uri': [SELF],
  'connect-src': [SELF],
  'font-src': [SELF, 'data:'],
  'form-action': [SELF],
  'frame-ancestors': [SELF],
  'img-src': [SELF, 'data:'],
  'object-src': ["'none'"],
  'script-src': [SELF],
  'script-src-attr': ["'none'"],
  // Swagger UI's page carries a <style> block; styles cannot run code.
  'style-src': [SELF, "'unsafe-inline'"],
};

/** The pages a browser renders: the web UI, its assets and icon, and the API docs. */
export function isPagePath(url: string): boolean {
  if (url === '/' || url.startsWith('/?') || url === '/favicon.ico') return true;
  for (const prefix of ['/ui', '/docs'])
    if (url.startsWith(prefix)) {
      const next = url.charAt(prefix.length);
      // /ui, /ui/…, /ui?…, /docs-json, /docs/… — but not /uix or /documents.
      if (next === '' || next === '/' || next === '?' || (prefix === '/docs' && next === '-')) return true;
    }
  return false;
}

function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join(';');
}

/**
 * What a JSON answer needs from the browser's side (docs/DECISIONS.md, "Security headers on API
 * routes"): no sniffing it into HTML, no framing and no script should it be opened as a page
 * (the same CSP as the UI), no cross-origin embedding of the body, HSTS where configured. The
 * headers that only mean something for a rendered page or a legacy browser stay on the pages.
 */
export function apiSecurityHeaders(config: HttpSecurityConfig): readonly (readonly [string, string])[] {
  const headers: [string, string][] = [
    ['Content-Security-Policy', serializeCsp(CONTENT_SECURITY_POLICY)],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['X-Content-Type-Options', 'nosniff'],
  ];
  if (config.hstsMaxAgeSeconds > 0)
    headers.push(['Strict-Transport-Security', `max-age=${config.hstsMaxAgeSeconds}`]);
  return headers;
}

/**
 * helmet's full set on the pages; on every other route (the API, and a 404 for an unknown path)
 * a fixed list computed once, so a JSON request costs a few setHeader calls instead of helmet's
 * dozen middlewares and a CSP string rebuilt per request.
 */
export function securityHeaders(config: HttpSecurityConfig): RequestHandler {
  const httpsOnly = config.hstsMaxAgeSeconds > 0;
  const pages = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: httpsOnly
      ? { maxAge: config.hstsMaxAgeSeconds, includeSubDomains: false }
      : false,
    crossOriginOpenerPolicy: httpsOnly,
    originAgentCluster: false,
  });
  const api = apiSecurityHeaders(config);
  return (req, res, next) => {
    if (isPagePath(req.url)) {
      pages(req, res, next);
      return;
    }
    for (const [name, value] of api) res.setHeader(name, value);
    next();
  };
}
