// The cost of authentication per request, alone: what the guard adds to a keyed request once the
// key is cached (one HMAC, a map lookup, the expiry check), and the per-key window counter. Prints
// figures; asserts nothing. `npm run bench:gateway` measures the same end to end (`auth` contender).
import {
  ApiKeyAuthenticator,
  ApiKeyCache,
  ApiKeyHasher,
  type ApiKeyStore,
  generateApiKey,
  KeyRateLimiter,
  type Principal,
} from '@app/identity';
import type { ApiKeyRow, ApiKeySecret } from '@app/audit';
import type { AppConfig } from '@app/config';

async function perOp(label: string, n: number, run: () => unknown): Promise<void> {
  for (let i = 0; i < n / 10; i += 1) await run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) await run();
  const us = Number(process.hrtime.bigint() - started) / 1000 / n;
  process.stdout.write(`${label.padEnd(44)} ${us.toFixed(2)} µs/op\n`);
}

async function main(): Promise<void> {
  const key = generateApiKey();
  const hasher = new ApiKeyHasher({ key: () => Buffer.alloc(32, 7) } as unknown as ApiKeySecret);
  const row: ApiKeyRow = {
    id: '00000000-0000-4000-8000-000000000000',
    name: 'bench',
    prefix: key.slice(0, 11),
    key_hash: hasher.hash(key),
    scopes: ['chat'],
    rpm: null,
    tpm: null,
    daily_cloud_usd: null,
    local_only: false,
    created_at: new Date(),
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
    replaced_by: null,
  };
  const store = {
    findByHash: () => Promise.resolve(row),
    touch: () => Promise.resolve(),
  } as unknown as ApiKeyStore;
  const config = { auth: { replicas: 1 } } as AppConfig;
  const authenticator = new ApiKeyAuthenticator(config, store, hasher, new ApiKeyCache());
  const limiter = new KeyRateLimiter(config);
  const limited: Principal = { ...(await authenticator.authenticate(key)), rpm: 1e9, tpm: 1e9 };
  await perOp('authenticate a cached key', 200_000, () => authenticator.authenticate(key));
  await perOp('count a request in its key window (rpm, tpm)', 1_000_000, () => limiter.admit(limited));
}

void main();
