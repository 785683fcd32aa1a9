// Which requests get an access line, and at which level.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoggedByOrchestration } from './orchestration-line';

const QUIET_PATHS = new Set(['/v1/health', '/v1/health/ready', '/v1/metrics']);

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  // Express strips a middleware's mount path from req.url; originalUrl is what the client sent.
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Probes and scrapes are not logged per request. */
export function isQuietPath(req: IncomingMessage): boolean {
  return QUIET_PATHS.has(pathOf(req));
}

export type AccessLevel = 'silent' | 'error' | 'warn' | 'info';

export function accessLevel(res: ServerResponse, error?: Error): AccessLevel {
  // One line per request: a chat answered or failed upstream was already logged by the orchestration.
  if (error === undefined && isLoggedByOrchestration(res)) return 'silent';
  // An upstream's failure (502/504) or a fail-closed 503 is reported, not the gateway's own error.
  if (error !== undefined || res.statusCode === 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return 'info';
}
