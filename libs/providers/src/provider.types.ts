// The provider port's vocabulary: requests, results, stream events and the closed set of failures.

/** The two tiers a request can be served by; `ollama` and `openai` name the upstreams serving them. */
export type Tier = 'local' | 'cloud';

/** The upstream software behind a tier. */
export type Upstream = 'ollama' | 'openai';

export const FAILURE_CATEGORIES = [
  'timeout',
  'unreachable',
  'auth_error',
  'rate_limited',
  'client_error',
  'server_error',
  'invalid_response',
  'stream_interrupted',
  'canceled',
] as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export interface ProviderMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Generation settings a client may send; each adapter passes on what its upstream supports. */
export interface GenerationOptions {
  readonly temperature?: number;
  readonly top_p?: number;
  readonly max_tokens?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  readonly presence_penalty?: number;
  readonly frequency_penalty?: number;
  readonly response_format?: { readonly type: 'json_object' | 'text' };
}

export interface ProviderRequest {
  readonly messages: readonly ProviderMessage[];
  readonly model: string;
  readonly options?: GenerationOptions;
}

export interface TokenUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

export interface ProviderResult {
  readonly content: string;
  /** The model that actually served, as the upstream reported it. */
  readonly model: string;
  readonly usage: TokenUsage | null;
  readonly finish_reason: string | null;
}

export type ProviderStreamEvent =
  | { readonly type: 'delta'; readonly content: string }
  | {
      readonly type: 'done';
      readonly model: string;
      readonly usage: TokenUsage | null;
      readonly finish_reason: string | null;
    };

/** Texts to embed, in order; one vector comes back for each. */
export interface EmbeddingRequest {
  readonly inputs: readonly string[];
  readonly model: string;
  /** Fewer dimensions, for models that can shorten their vectors (OpenAI's text-embedding-3). */
  readonly dimensions?: number;
}

export interface EmbeddingResult {
  /** One vector per input, in the inputs' order. */
  readonly vectors: number[][];
  /** The model that actually served, as the upstream reported it. */
  readonly model: string;
  /** Embedding has no output: output_tokens is 0. */
  readonly usage: TokenUsage | null;
}

export interface ProviderHealth {
  readonly status: 'up' | 'down' | 'not_configured';
  readonly detail?: string;
}
