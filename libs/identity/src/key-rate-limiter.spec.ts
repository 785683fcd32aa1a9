import type { AppConfig } from '@app/config';
import type { Principal } from './api-key.types';
import { RateLimitedError } from './identity.errors';
import { KeyRateLimiter, WINDOW_MS } from './key-rate-limiter';

const limiter = (replicas = 1) => new KeyRateLimiter({ auth: { replicas } } as AppConfig);
const principal = (limits: Partial<Pick<Principal, 'rpm' | 'tpm'>>): Principal => ({
  id: 'k1',
  name: 'k',
  scopes: ['chat'],
  rpm: null,
  tpm: null,
  daily_cloud_usd: null,
  local_only: false,
  expires_at: null,
  ...limits,
});

function refusal(run: () => unknown): RateLimitedError {
  try {
    run();
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe(KeyRateLimiter.name, () => {
  it('admits rpm requests a minute, then refuses with the seconds left in the window', () => {
    const rate = limiter();
    const key = principal({ rpm: 2 });
    expect(rate.admit(key, 0).requests).toEqual({ limit: 2, remaining: 1, reset_ms: WINDOW_MS });
    expect(rate.admit(key, 1000).requests?.remaining).toBe(0);
    const refused = refusal(() => rate.admit(key, 30_500));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', limit: 'requests', retryAfterSeconds: 30 });
    expect(refused.state.requests).toEqual({ limit: 2, remaining: 0, reset_ms: 29_500 });
    expect(rate.admit(key, WINDOW_MS).requests?.remaining).toBe(1);
  });

  it('refuses once the tokens used in the window reach tpm', () => {
    const rate = limiter();
    const key = principal({ tpm: 100 });
    rate.admit(key, 0);
    rate.addTokens('k1', 60, 10);
    expect(rate.admit(key, 20).tokens).toEqual({ limit: 100, remaining: 40, reset_ms: WINDOW_MS - 20 });
    rate.addTokens('k1', 40, 30);
    expect(refusal(() => rate.admit(key, 40))).toMatchObject({ limit: 'tokens' });
  });

  it("enforces each replica's share of the limit when REPLICAS is set", () => {
    const rate = limiter(3);
    expect(rate.admit(principal({ rpm: 10, tpm: 1000 }), 0)).toMatchObject({
      requests: { limit: 4 },
      tokens: { limit: 334 },
    });
  });

  it('keeps no state for a key without limits', () => {
    expect(limiter().admit(principal({}), 0)).toEqual({ requests: null, tokens: null });
  });
});
