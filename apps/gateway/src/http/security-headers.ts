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

export function securityHeaders(config: HttpSecurityConfig): RequestHandler {
  const httpsOnly = config.hstsMaxAgeSeconds > 0;
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: httpsOnly
      ? { maxAge: config.hstsMaxAgeSeconds, includeSubDomains: false }
      : false,
    crossOriginOpenerPolicy: httpsOnly,
    originAgentCluster: false,
  });
}
