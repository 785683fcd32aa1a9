// A chat request's one log line is the orchestration's ("chat request finished": provider, reason
// codes, status, latency). The access line is kept for what that line does not describe: refusals
// before routing, fail-closed 503s and every other route.
import type { ServerResponse } from 'node:http';

const LOGGED = Symbol('policy-mesh.logged-by-orchestration');

type Marked = ServerResponse & { [LOGGED]?: true };

/** Says the orchestration's line describes this response, so no access line is needed. */
export function markLoggedByOrchestration(res: ServerResponse): void {
  (res as Marked)[LOGGED] = true;
}

export function isLoggedByOrchestration(res: ServerResponse): boolean {
  return (res as Marked)[LOGGED] === true;
}
