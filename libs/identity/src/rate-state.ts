// A key's per-minute limits after a request, as OpenAI's x-ratelimit-* headers report them.

export interface LimitState {
  readonly limit: number;
  readonly remaining: number;
  readonly reset_ms: number;
}

export interface RateState {
  /** Null when the key has no such limit. */
  readonly requests: LimitState | null;
  readonly tokens: LimitState | null;
}
