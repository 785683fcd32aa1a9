// Who may call a route, declared on the route or its controller. Protected by default: a route
// without this metadata needs an `admin` key, so a new route is never open by accident; a route
// for chat callers opts in with one decorator (`@RequireScope('chat')`).
import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope } from '@app/identity';

export type RouteAccess =
  | { readonly kind: 'scope'; readonly scope: ApiKeyScope }
  /** No key needed or looked at: probes, the UI's static page, the auth status. */
  | { readonly kind: 'open' }
  /** /v1/metrics: open on a loopback bind; otherwise METRICS_BEARER_TOKEN or an admin key. */
  | { readonly kind: 'metrics' };

export const ROUTE_ACCESS = 'policy-mesh:route-access';

/** What a route without metadata needs. */
export const DEFAULT_ACCESS: RouteAccess = { kind: 'scope', scope: 'admin' };

export const RequireScope = (scope: ApiKeyScope) =>
  SetMetadata<string, RouteAccess>(ROUTE_ACCESS, { kind: 'scope', scope });

export const OpenRoute = () => SetMetadata<string, RouteAccess>(ROUTE_ACCESS, { kind: 'open' });

export const MetricsRoute = () => SetMetadata<string, RouteAccess>(ROUTE_ACCESS, { kind: 'metrics' });
