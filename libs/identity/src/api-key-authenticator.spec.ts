import type { ApiKeyRow } from '@app/audit';
import type { AppConfig } from '@app/config';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyCache } from './api-key-cache';
import type { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyService } from './api-key.service';
import type { ApiKeyStore } from './api-key-store';

const hasher = {
  hash: (key: string) => Buffer.from(key).toString('hex').padEnd(64, '0').slice(0, 64),
} as ApiKeyHasher;

function memoryStore(): ApiKeyStore & { rows: ApiKeyRow[]; lookups: number } {
  const rows: ApiKeyRow[] = [];
  const store = {
    rows,
    lookups: 0,
    insert: (row: ApiKeyRow) => Promise.resolve(void rows.push({ ...row })),
    findByHash: (hash: string) => {
      store.lookups += 1;
      return Promise.resolve(rows.find((row) => row.key_hash === hash) ?? null);
    },
    findById: (id: string) => Promise.resolve(rows.find((row) => row.id === id) ?? null),
    findByPrefixOrName: (text: string) =>
      Promise.resolve(rows.filter((row) => row.prefix === text || row.name === text)),
    list: () => Promise.resolve([...rows]),
    revoke: (id: string, at: Date) => {
      const row = rows.find((candidate) => candidate.id === id);
      if (row === undefined || row.revoked_at !== null) return Promise.resolve(false);
      row.revoked_at = at;
      return Promise.resolve(true);
    },
    retire: (id: string, expiresAt: Date, replacedBy: string) => {
      const row = rows.find((candidate) => candidate.id === id)!;
      row.expires_at = expiresAt;
      row.replaced_by = replacedBy;
      return Promise.resolve();
    },
    touch: () => Promise.resolve(),
  };
  return store as unknown as ApiKeyStore & { rows: ApiKeyRow[]; lookups: number };
}

function setup(adminApiKey?: string) {
  const store = memoryStore();
  const cache = new ApiKeyCache();
  const config = { auth: { adminApiKey } } as AppConfig;
  return {
    store,
    service: new ApiKeyService(store, hasher, cache),
    authenticator: new ApiKeyAuthenticator(config, store, hasher, cache),
  };
}

describe(ApiKeyAuthenticator.name, () => {
  it('refuses a missing key, a stranger and a revoked key with their codes', async () => {
    const { service, authenticator } = setup();
    const created = await service.create({ name: 'app' });
    await expect(authenticator.authenticate(undefined)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(authenticator.authenticate('sk-not-ours')).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    await expect(authenticator.authenticate(created.key)).resolves.toMatchObject({ id: created.id });
    await service.revoke(created.id);
    await expect(authenticator.authenticate(created.key)).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
  });

  it('refuses an expired key', async () => {
    const { service, authenticator } = setup();
    const created = await service.create({ name: 'app', expires_at: new Date(Date.now() + 60_000) });
    await expect(
      authenticator.authenticate(created.key, new Date(Date.now() + 61_000)),
    ).rejects.toMatchObject({ code: 'AUTH_REVOKED' });
  });

  it('looks a busy key up once per cache period, not once per request', async () => {
    const { store, service, authenticator } = setup();
    const created = await service.create({ name: 'busy' });
    await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(created.key)));
    expect(store.lookups).toBe(1);
  });

  it('stores only the hash and the public prefix', async () => {
    const { store, service } = setup();
    const created = await service.create({ name: 'app', scopes: ['admin'] });
    expect(created.scopes).toEqual(['chat', 'admin']);
    expect(JSON.stringify(store.rows)).not.toContain(created.key.slice(0, 12));
  });

  it('accepts ADMIN_API_KEY as an admin key with a stable id, held only as a hash', async () => {
    const admin = 'a-bootstrap-admin-key-of-at-least-32-chars';
    const first = await setup(admin).authenticator.authenticate(admin);
    const second = await setup(admin).authenticator.authenticate(admin);
    expect(first).toMatchObject({ name: 'ADMIN_API_KEY', scopes: ['chat', 'admin'] });
    expect(first.id).toBe(second.id);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe(ApiKeyService.name, () => {
  it('refuses a bad definition in the words both transports print', async () => {
    const { service } = setup();
    await expect(service.create({ name: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(service.create({ name: 'x', rpm: 0 })).rejects.toThrow('rpm must be an integer');
    await expect(service.create({ name: 'x', expires_at: new Date(0) })).rejects.toThrow('in the future');
  });

  it('finds a key by name only when one key in use has it', async () => {
    const { service } = setup();
    await service.create({ name: 'twin' });
    await service.create({ name: 'twin' });
    await expect(service.show('twin')).rejects.toThrow('matches 2 keys');
    await expect(service.show('nobody')).rejects.toMatchObject({ code: 'API_KEY_NOT_FOUND' });
  });

  it('rotates: the old key lives for the grace period, then stops', async () => {
    const { service, authenticator } = setup();
    const old = await service.create({ name: 'svc', local_only: true, rpm: 5 });
    const now = new Date();
    const { key, previous } = await service.rotate(old.id, 60, now);
    expect(key).toMatchObject({ name: 'svc', local_only: true, rpm: 5 });
    expect(previous).toMatchObject({
      expires_at: new Date(now.getTime() + 60_000).toISOString(),
      replaced_by: key.id,
    });
    await expect(
      authenticator.authenticate(old.key, new Date(now.getTime() + 30_000)),
    ).resolves.toBeDefined();
    await expect(authenticator.authenticate(old.key, new Date(now.getTime() + 61_000))).rejects.toMatchObject(
      {
        code: 'AUTH_REVOKED',
      },
    );
  });
});
