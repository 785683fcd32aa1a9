// DNS rebinding defence: a page in a browser on this machine can point its own name at 127.0.0.1
// and then read the gateway's API as same-origin. The browser still sends that page's name as
// Host, so the gateway answers only Host values it knows: the loopback names always, the names in
// ALLOWED_HOSTS besides, and any name when it listens on a non-loopback address with no list (an
// ingress or a Service in front decides the names then; docs/DECISIONS.md, "Host names").
import { isLoopbackHost } from '@app/config';
import type { RequestHandler } from 'express';
import { HttpRequestError } from './http-error';
import { assignRequestId } from './request-id';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when the gateway listens on a loopback address only. */
export const isLoopbackBind = isLoopbackHost;

/** `{name, port}` of a Host value, or null when it is not a well-formed one. */
function parseHost(value: string): { name: string; port: string | null } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:[\]/@]+)(?::(\d{1,5}))?$/.exec(value.toLowerCase());
  return match === null ? null : { name: match[1]!, port: match[2] ?? null };
}

export class HostAllowList {
  private readonly anyHost: boolean;
  private readonly entries: readonly { name: string; port: string | null }[];

  constructor(bindHost: string, allowedHosts: readonly string[]) {
    this.anyHost = allowedHosts.length === 0 && !isLoopbackBind(bindHost);
    this.entries = allowedHosts.flatMap((entry) => parseHost(entry) ?? []);
  }

  allows(host: string | undefined): boolean {
    if (this.anyHost) return true;
    const parsed = host === undefined ? null : parseHost(host);
    if (parsed === null) return false;
    if (LOOPBACK_NAMES.has(parsed.name)) return true;
    return this.entries.some(
      (entry) => entry.name === parsed.name && (entry.port === null || entry.port === parsed.port),
    );
  }
}

/** Express middleware, mounted before anything else: a refused Host gets 421 HOST_NOT_ALLOWED. */
export function refuseUnknownHosts(list: HostAllowList): RequestHandler {
  return (req, res, next) => {
    if (list.allows(req.headers.host)) {
      next();
      return;
    }
    // The refusal is answered before the logger's middleware runs: give it its id here.
    assignRequestId(req, res);
    next(
      new HttpRequestError(
        'HOST_NOT_ALLOWED',
        'this gateway does not answer for that Host name (see ALLOWED_HOSTS)',
      ),
    );
  };
}
