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

/** A function the model may call: its JSON-schema parameters passed through as the client sent them. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly strict?: boolean;
}

/** Which tool the model should call: OpenAI's `tool_choice`. */
export type ToolChoice = 'none' | 'auto' | 'required' | { readonly function: string };

/** A call the model made (or made earlier in the conversation): `arguments` is JSON text, as in OpenAI. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/**
 * A piece of a tool call as a stream delivers it (OpenAI's delta shape): the first piece of a call
 * carries its id and name, later ones more of its arguments.
 */
export interface ToolCallDelta {
  readonly index: number;
  readonly id?: string;
  readonly name?: string;
  readonly arguments?: string;
}

/** An image the client sent inline: its media type and base64 bytes (never fetched from a URL). */
export interface ImagePart {
  readonly type: 'image';
  readonly media_type: string;
  readonly data: string;
  /** OpenAI's `detail` hint, passed on to the cloud. */
  readonly detail?: 'auto' | 'low' | 'high';
}

export type ContentPart = { readonly type: 'text'; readonly text: string } | ImagePart;

export interface ProviderMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  /** The message's text (text parts joined); '' for an assistant turn that only called tools. */
  readonly content: string;
  /** Set when the client sent images: text and images in their order. */
  readonly parts?: readonly ContentPart[];
  /** An assistant turn's tool calls. */
  readonly tool_calls?: readonly ToolCall[];
  /** A tool turn: the call it answers. */
  readonly tool_call_id?: string;
}

/** One token's log probability, in OpenAI's shape. */
export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly bytes: number[] | null;
  readonly top_logprobs: readonly { token: string; logprob: number; bytes: number[] | null }[];
}

/** A field of a request an upstream cannot honour: refused with UNSUPPORTED_PARAMETER, never dropped. */
export interface UnsupportedField {
  readonly field: string;
  readonly message: string;
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
  readonly response_format?:
    | { readonly type: 'json_object' | 'text' }
    | {
        readonly type: 'json_schema';
        readonly json_schema: {
          readonly name: string;
          readonly schema?: Readonly<Record<string, unknown>>;
          readonly strict?: boolean | null;
          readonly description?: string;
        };
      };
  readonly tools?: readonly ToolDefinition[];
  readonly tool_choice?: ToolChoice;
  readonly parallel_tool_calls?: boolean;
  readonly logprobs?: boolean;
  readonly top_logprobs?: number;
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
  /** '' when the model only called tools. */
  readonly content: string;
  readonly tool_calls?: readonly ToolCall[];
  readonly logprobs?: readonly TokenLogprob[];
  /** The model that actually served, as the upstream reported it. */
  readonly model: string;
  readonly usage: TokenUsage | null;
  readonly finish_reason: string | null;
}

export type ProviderStreamEvent =
  | {
      readonly type: 'delta';
      /** '' when the event carries only tool-call pieces. */
      readonly content: string;
      readonly tool_calls?: readonly ToolCallDelta[];
    }
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
