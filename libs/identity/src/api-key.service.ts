// Managing keys, for the admin API and the CLI alike: create (the key shown once), list, show,
// revoke, rotate. Every rule about a key's definition is checked here, so both transports refuse
// the same things with the same words.
import { Injectable } from '@nestjs/common';
import type { ApiKeyRow } from '@app/audit';
import { v4 as uuidv4 } from 'uuid';
import { generateApiKey, publicPrefix } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';
import { isApiKeyScope, normalizeScopes } from './api-key-scopes';
import { ApiKeyStore } from './api-key-store';
import type { CreatedApiKey, NewApiKey, RotatedApiKey, ApiKeyView } from './api-key.types';
import { toView } from './api-key-view';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyInputError, ApiKeyNotFoundError } from './identity.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIMIT = 1_000_000_000;
/** How long a rotated key keeps working unless told otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

function checkLimit(name: string, value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw new ApiKeyInputError(`${name} must be an integer from 1 to ${MAX_LIMIT}`);
  return value;
}

function checkDefinition(input: NewApiKey, now: Date): Omit<ApiKeyRow, 'id' | 'prefix' | 'key_hash'> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  // A name is shown in tables and logs: printable, one line, short.
  if (name.length < 1 || name.length > 100 || !/^[^\p{Cc}\p{Cf}]+$/u.test(name))
    throw new ApiKeyInputError('name must be 1-100 printable characters');
  for (const scope of input.scopes ?? [])
    if (!isApiKeyScope(scope)) throw new ApiKeyInputError(`scopes: unknown scope ${JSON.stringify(scope)}`);
  const usd = input.daily_cloud_usd;
  if (usd !== undefined && usd !== null && !(Number.isFinite(usd) && usd >= 0 && usd <= 1e7))
    throw new ApiKeyInputError('daily_cloud_usd must be a number from 0 to 10000000');
  const expires = input.expires_at ?? null;
  if (expires !== null && !(expires.getTime() > now.getTime()))
    throw new ApiKeyInputError('expires_at must be in the future');
  return {
    name,
    scopes: normalizeScopes(input.scopes),
    rpm: checkLimit('rpm', input.rpm),
    tpm: checkLimit('tpm', input.tpm),
    daily_cloud_usd: usd ?? null,
    local_only: input.local_only === true,
    created_at: now,
    expires_at: expires,
    revoked_at: null,
    last_used_at: null,
    replaced_by: null,
  };
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly hasher: ApiKeyHasher,
    private readonly cache: ApiKeyCache,
  ) {}

  /** A new key; the answer is the only place the key itself ever appears. */
  async create(input: NewApiKey, now = new Date()): Promise<CreatedApiKey> {
    const definition = checkDefinition(input, now);
    const key = generateApiKey();
    const row: ApiKeyRow = {
      id: uuidv4(),
      prefix: publicPrefix(key),
      key_hash: this.hasher.hash(key),
      ...definition,
    };
    await this.store.insert(row);
    return { ...toView(row, now), key };
  }

  async list(now = new Date()): Promise<ApiKeyView[]> {
    return (await this.store.list()).map((row) => toView(row, now));
  }

  /** One key by id, public prefix or name (a name must pick one key still in use). */
  async show(reference: string): Promise<ApiKeyView> {
    return toView(await this.find(reference));
  }

  /** Revokes a key: refused everywhere within a second (docs/OPERATIONS.md, "API keys"). */
  async revoke(reference: string, now = new Date()): Promise<ApiKeyView> {
    const row = await this.find(reference);
    await this.store.revoke(row.id, now);
    this.cache.forget(row.key_hash);
    return toView((await this.store.findById(row.id)) ?? row, now);
  }

  /**
   * A new key with the same name, scopes, limits and attributes; the old one keeps working for
   * `graceSeconds` (0: stops now), so callers can move over without an outage.
   */
  async rotate(
    reference: string,
    graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS,
    now = new Date(),
  ): Promise<RotatedApiKey> {
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 365 * 24 * 3600)
      throw new ApiKeyInputError('grace_seconds must be an integer from 0 to 31536000');
    const old = await this.find(reference);
    if (toView(old, now).status !== 'active')
      throw new ApiKeyInputError(`key ${old.prefix} is not active: only an active key can be rotated`);
    const created = await this.create(
      {
        name: old.name,
        scopes: old.scopes.filter(isApiKeyScope),
        rpm: old.rpm,
        tpm: old.tpm,
        daily_cloud_usd: old.daily_cloud_usd,
        local_only: old.local_only,
        expires_at: old.expires_at,
      },
      now,
    );
    await this.store.retire(old.id, new Date(now.getTime() + graceSeconds * 1000), created.id);
    this.cache.forget(old.key_hash);
    const previous = (await this.store.findById(old.id)) ?? old;
    return { key: created, previous: toView(previous, now) };
  }

  private async find(reference: string): Promise<ApiKeyRow> {
    const text = reference.trim();
    if (UUID.test(text)) {
      const row = await this.store.findById(text.toLowerCase());
      if (row === null) throw new ApiKeyNotFoundError(text);
      return row;
    }
    const rows = await this.store.findByPrefixOrName(text);
    const now = new Date();
    const live = rows.filter((row) => toView(row, now).status === 'active');
    const candidates = live.length > 0 ? live : rows;
    if (candidates.length === 0) throw new ApiKeyNotFoundError(text);
    if (candidates.length > 1)
      throw new ApiKeyInputError(
        `${JSON.stringify(text)} matches ${candidates.length} keys: name one by its id (${candidates.map((row) => row.id).join(', ')})`,
      );
    return candidates[0]!;
  }
}
