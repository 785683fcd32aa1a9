// The identity lib's typed errors. Stable codes only: the gateway maps them to 401/403/429/404/400
// (apps/gateway/src/http/error-status.ts), the CLI to exit codes. No message ever holds a key.
import type { RateState } from './rate-state';

export type AuthErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'AUTH_REVOKED' | 'AUTH_FORBIDDEN';

const AUTH_MESSAGES: Readonly<Record<AuthErrorCode, string>> = {
  AUTH_REQUIRED: 'an API key is required: send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
  AUTH_INVALID: 'the API key is not valid',
  AUTH_REVOKED: 'the API key was revoked or has expired',
  AUTH_FORBIDDEN: 'the API key does not have the scope this route needs',
};

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string = AUTH_MESSAGES[code],
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** A key over its requests or tokens per minute on this replica. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED' as const;

  constructor(
    readonly limit: 'requests' | 'tokens',
    readonly retryAfterSeconds: number,
    /** The key's limits after this refusal, for the x-ratelimit-* headers. */
    readonly state: RateState,
  ) {
    super(`rate limit of ${limit} per minute reached for this API key; retry in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

export class ApiKeyNotFoundError extends Error {
  readonly code = 'API_KEY_NOT_FOUND' as const;

  constructor(reference: string) {
    super(`no API key matches ${JSON.stringify(reference)} (an id, a public prefix or a name)`);
    this.name = 'ApiKeyNotFoundError';
  }
}

/** A bad key definition (name, scopes, limits, expiry), or a name that matches several keys. */
export class ApiKeyInputError extends Error {
  readonly code = 'VALIDATION_FAILED' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyInputError';
  }
}
