// OpenAI's rate-limit headers, on every answer to a key that has limits, so a client written for
// OpenAI paces itself here the same way. Resets are durations in OpenAI's form ("1s", "59.2s").
import type { ServerResponse } from 'node:http';
import type { LimitState, RateState } from '@app/identity';

function duration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

function setLimit(res: ServerResponse, kind: 'requests' | 'tokens', state: LimitState | null): void {
  if (state === null) return;
  res.setHeader(`x-ratelimit-limit-${kind}`, String(state.limit));
  res.setHeader(`x-ratelimit-remaining-${kind}`, String(state.remaining));
  res.setHeader(`x-ratelimit-reset-${kind}`, duration(state.reset_ms));
}

export function setRateLimitHeaders(res: ServerResponse, state: RateState): void {
  setLimit(res, 'requests', state.requests);
  setLimit(res, 'tokens', state.tokens);
}
