// Per-key requests and tokens per minute, on this replica: one fixed 60-second window per key, O(1)
// per request whatever the limit (@nestjs/throttler keeps one timestamp per hit and scans them on
// every request: docs/DECISIONS.md, "Rate limits"). With REPLICAS=n each replica enforces
// ceil(limit / n), so n replicas behind a balancer admit about the key's limit in all.
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { Principal } from './api-key.types';
import type { RateState } from './rate-state';
import { RateLimitedError } from './identity.errors';

export const WINDOW_MS = 60_000;
/** Windows idle this long are dropped when the map is swept. */
const SWEEP_EVERY = 1024;

interface Window {
  start: number;
  requests: number;
  tokens: number;
}

@Injectable()
export class KeyRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly replicas: number;
  private admitted = 0;

  constructor(config: AppConfig) {
    this.replicas = config.auth.replicas;
  }

  /** This replica's share of a key's per-minute limit. */
  share(limit: number): number {
    return Math.max(1, Math.ceil(limit / this.replicas));
  }

  /**
   * Counts a request of this key; throws RateLimitedError when its window has no request or no
   * token left. The state (for the headers) is returned either way: on the error as `state`.
   */
  admit(principal: Principal, now = Date.now()): RateState {
    if (principal.rpm === null && principal.tpm === null) return { requests: null, tokens: null };
    if (++this.admitted % SWEEP_EVERY === 0) this.sweep(now);
    const window = this.window(principal.id, now);
    const rpm = principal.rpm === null ? null : this.share(principal.rpm);
    const tpm = principal.tpm === null ? null : this.share(principal.tpm);
    const resetMs = window.start + WINDOW_MS - now;
    const over =
      rpm !== null && window.requests >= rpm
        ? 'requests'
        : tpm !== null && window.tokens >= tpm
          ? 'tokens'
          : null;
    if (over === null) window.requests += 1;
    const state: RateState = {
      requests:
        rpm === null
          ? null
          : { limit: rpm, remaining: Math.max(0, rpm - window.requests), reset_ms: resetMs },
      tokens:
        tpm === null ? null : { limit: tpm, remaining: Math.max(0, tpm - window.tokens), reset_ms: resetMs },
    };
    if (over !== null) throw new RateLimitedError(over, Math.max(1, Math.ceil(resetMs / 1000)), state);
    return state;
  }

  /** Adds the tokens a request used (input + output) to its key's window, once it is answered. */
  addTokens(keyId: string, tokens: number, now = Date.now()): void {
    if (tokens > 0) this.window(keyId, now).tokens += tokens;
  }

  private window(keyId: string, now: number): Window {
    let window = this.windows.get(keyId);
    if (window === undefined || now - window.start >= WINDOW_MS) {
      window = { start: now, requests: 0, tokens: 0 };
      this.windows.set(keyId, window);
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(id);
  }
}
