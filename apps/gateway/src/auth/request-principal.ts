// The authenticated key of a request, set by the guard and read by the controllers: its id for the
// audit row and its attributes for the decision. Held beside the request, never on a header.
import type { IncomingMessage } from 'node:http';
import type { ChatKey } from '@app/chat';
import type { Principal } from '@app/identity';

const principals = new WeakMap<IncomingMessage, Principal>();

export function setPrincipal(req: IncomingMessage, principal: Principal): void {
  principals.set(req, principal);
}

export function principalOf(req: IncomingMessage): Principal | undefined {
  return principals.get(req);
}

/** What the orchestration takes of the key; null without keys (AUTH_MODE=none). */
export function chatKeyOf(req: IncomingMessage): ChatKey | null {
  const principal = principals.get(req);
  return principal === undefined
    ? null
    : { id: principal.id, local_only: principal.local_only, daily_cloud_usd: principal.daily_cloud_usd };
}
