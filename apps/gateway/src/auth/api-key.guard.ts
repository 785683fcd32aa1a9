// The gateway's one guard (global): who is calling, may they call this route, and are they within
// their per-minute limits. Refusals are typed errors (AUTH_*, RATE_LIMITED) that the exception filter
// answers in the route's envelope; each is counted once in auth_rejections_total{code} and logged
// once by the access line, and none is audited as a chat request.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@app/config';
import {
  ApiKeyAuthenticator,
  AuthError,
  hasScope,
  KeyRateLimiter,
  RateLimitedError,
  type Principal,
} from '@app/identity';
import { GatewayMetrics } from '@app/metrics';
import type { Request, Response } from 'express';
import { presentedKey } from './presented-key';
import { setRateLimitHeaders } from './rate-limit-headers';
import { setPrincipal } from './request-principal';
import { DEFAULT_ACCESS, ROUTE_ACCESS, type RouteAccess } from './route-access.decorator';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly metricsToken: Buffer | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limiter: KeyRateLimiter,
    private readonly metrics: GatewayMetrics,
  ) {
    const token = config.auth.metricsBearerToken;
    this.metricsToken = token === undefined ? undefined : digest(token);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_ACCESS;
    if (access.kind === 'open') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    try {
      if (access.kind === 'metrics') return await this.metricsAccess(req);
      if (this.config.auth.mode === 'none') return true;
      const principal = await this.authenticator.authenticate(presentedKey(req));
      if (!hasScope(principal.scopes, access.scope)) throw new AuthError('AUTH_FORBIDDEN');
      setPrincipal(req, principal);
      this.admit(principal, res);
      return true;
    } catch (error) {
      if (error instanceof AuthError || error instanceof RateLimitedError) {
        this.metrics.authRejected(error.code);
        if (error.code !== 'AUTH_FORBIDDEN' && error instanceof AuthError)
          res.setHeader('WWW-Authenticate', 'Bearer realm="policy-mesh"');
      }
      throw error;
    }
  }

  private admit(principal: Principal, res: Response): void {
    try {
      setRateLimitHeaders(res, this.limiter.admit(principal));
    } catch (error) {
      if (error instanceof RateLimitedError) {
        setRateLimitHeaders(res, error.state);
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }

  /**
   * Open when the gateway listens on loopback only; otherwise the scrape token (what Prometheus's
   * `authorization` setting sends) or an admin key. With AUTH_MODE=none and no token set, open.
   */
  private async metricsAccess(req: Request): Promise<boolean> {
    if (this.config.auth.loopback) return true;
    const presented = presentedKey(req);
    if (this.metricsToken !== undefined && presented !== undefined) {
      if (timingSafeEqual(digest(presented), this.metricsToken)) return true;
    }
    if (this.config.auth.mode === 'none') {
      if (this.metricsToken === undefined) return true;
      throw new AuthError(presented === undefined ? 'AUTH_REQUIRED' : 'AUTH_INVALID');
    }
    const principal = await this.authenticator.authenticate(presented);
    if (!hasScope(principal.scopes, 'admin')) throw new AuthError('AUTH_FORBIDDEN');
    return true;
  }
}
