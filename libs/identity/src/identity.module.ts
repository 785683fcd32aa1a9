import { Module } from '@nestjs/common';
import { ApiKeyTable } from '@app/audit';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyService } from './api-key.service';
import { ApiKeyStore } from './api-key-store';
import { KeyRateLimiter } from './key-rate-limiter';

/**
 * API keys: management, authentication, per-key limits. Needs AppConfig and the host's
 * AuditModule.forRoot(...) (the api_keys table is in the audit database).
 */
@Module({
  providers: [
    { provide: ApiKeyStore, useExisting: ApiKeyTable },
    ApiKeyHasher,
    ApiKeyCache,
    ApiKeyService,
    ApiKeyAuthenticator,
    KeyRateLimiter,
  ],
  exports: [ApiKeyService, ApiKeyAuthenticator, KeyRateLimiter],
})
export class IdentityModule {}
