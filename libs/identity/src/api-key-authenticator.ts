// Who is calling: the presented key -> a Principal, or AUTH_REQUIRED / AUTH_INVALID / AUTH_REVOKED.
// The key is hashed at once and only its hash is looked up, cached and compared; the bootstrap
// ADMIN_API_KEY is hashed at start and held only as a hash.
import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { looksLikeApiKey } from './api-key-format';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyStore } from './api-key-store';
import type { Principal } from './api-key.types';
import { statusOf, toPrincipal } from './api-key-view';
import { AuthError } from './identity.errors';

/** The name the bootstrap key carries in logs, the audit's key stats and `GET /v1/auth`. */
export const BOOTSTRAP_KEY_NAME = 'ADMIN_API_KEY';
const TOUCH_INTERVAL_MS = 60_000;
/** Longer than any key we issue or accept: refused before it is hashed. */
const MAX_PRESENTED_LENGTH = 512;

/** A stable UUID (RFC 9562 version 8) from a hash, so every replica gives the bootstrap key one id. */
function uuidFromHash(hex: string): string {
  const h = hex.slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly touched = new Map<string, number>();
  private bootstrap: { readonly hash: Buffer; readonly principal: Principal } | null | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly store: ApiKeyStore,
    private readonly hasher: ApiKeyHasher,
    private readonly cache: ApiKeyCache,
  ) {}

  /** The caller behind a presented key; throws AuthError. */
  async authenticate(presented: string | undefined, now = new Date()): Promise<Principal> {
    if (presented === undefined || presented === '') throw new AuthError('AUTH_REQUIRED');
    if (presented.length > MAX_PRESENTED_LENGTH) throw new AuthError('AUTH_INVALID');
    const hash = this.hasher.hash(presented);
    const bootstrap = this.bootstrapKey();
    if (bootstrap !== null && timingSafeEqual(Buffer.from(hash, 'hex'), bootstrap.hash))
      return bootstrap.principal;
    if (!looksLikeApiKey(presented)) throw new AuthError('AUTH_INVALID');
    const row = await this.cache.get(hash, () => this.store.findByHash(hash));
    if (row === null) throw new AuthError('AUTH_INVALID');
    if (statusOf(row, now) !== 'active') throw new AuthError('AUTH_REVOKED');
    this.touch(row.id, now);
    return toPrincipal(row);
  }

  /** True when ADMIN_API_KEY is set (a usable admin key exists without the table). */
  get hasBootstrapKey(): boolean {
    return this.bootstrapKey() !== null;
  }

  private bootstrapKey(): { readonly hash: Buffer; readonly principal: Principal } | null {
    if (this.bootstrap !== undefined) return this.bootstrap;
    const key = this.config.auth.adminApiKey;
    if (key === undefined) return (this.bootstrap = null);
    const hash = this.hasher.hash(key);
    this.bootstrap = {
      hash: Buffer.from(hash, 'hex'),
      principal: {
        id: uuidFromHash(hash),
        name: BOOTSTRAP_KEY_NAME,
        scopes: ['chat', 'admin'],
        rpm: null,
        tpm: null,
        daily_cloud_usd: null,
        local_only: false,
        expires_at: null,
      },
    };
    return this.bootstrap;
  }

  /** last_used_at, written at most once a minute per key and replica, off the request's path. */
  private touch(id: string, now: Date): void {
    const last = this.touched.get(id);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now.getTime());
    this.store.touch(id, now).catch((error: unknown) => {
      this.logger.warn({ err: error, key_id: id }, 'could not record when an API key was last used');
    });
  }
}
