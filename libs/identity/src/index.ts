export {
  API_KEY_MARK,
  PUBLIC_PREFIX_LENGTH,
  generateApiKey,
  looksLikeApiKey,
  publicPrefix,
} from './api-key-format';
export { API_KEY_SCOPES, hasScope, isApiKeyScope } from './api-key-scopes';
export type { ApiKeyScope } from './api-key-scopes';
export type {
  ApiKeyStatus,
  ApiKeyView,
  CreatedApiKey,
  NewApiKey,
  Principal,
  RotatedApiKey,
} from './api-key.types';
export { ApiKeyStore } from './api-key-store';
export { ApiKeyAuthenticator, BOOTSTRAP_KEY_NAME } from './api-key-authenticator';
export { ApiKeyService, DEFAULT_ROTATION_GRACE_SECONDS } from './api-key.service';
// The cache and the hasher are exported for the auth bench (test/bench/auth.bench.ts).
export { ApiKeyCache, KEY_CACHE_TTL_MS } from './api-key-cache';
export { ApiKeyHasher } from './api-key-hasher';
export { KeyRateLimiter, WINDOW_MS } from './key-rate-limiter';
export type { LimitState, RateState } from './rate-state';
export { ApiKeyInputError, ApiKeyNotFoundError, AuthError, RateLimitedError } from './identity.errors';
export type { AuthErrorCode } from './identity.errors';
export { IdentityModule } from './identity.module';
