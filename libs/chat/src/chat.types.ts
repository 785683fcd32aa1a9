// The facts a chat request carries, named as the wire names them (snake_case): the API body and the
// CLI's --json print these fields as they are, with no layer renaming them.
import type { AuditUnavailableError } from '@app/audit';
import type {
  FailureCategory,
  GenerationOptions,
  ProviderMessage,
  ProviderStreamEvent,
  Tier,
  TokenLogprob,
  TokenUsage,
  ToolCall,
} from '@app/providers';
import type { ChatMessage, ModelChoiceSource, ReasonCode } from '@app/routing-policy';
import type { ChatFailedError } from './chat.errors';

/** Which door a request came in by; an audit and metrics label (`embeddings`: POST /v1/embeddings). */
export type ChatEndpoint = 'native' | 'openai' | 'cli' | 'embeddings';

/**
 * The calling API key, as the orchestration needs it: its id for the audit row (never the key) and
 * the attributes the decision takes in. Absent without keys (AUTH_MODE=none, the CLI).
 */
export interface ChatKey {
  readonly id: string;
  readonly local_only: boolean;
  readonly daily_cloud_usd: number | null;
}

/** Tokens a key's request used, for its tokens-per-minute limit (the gateway's rate limiter). */
export type KeyUsageListener = (key: ChatKey, tokens: number) => void;

export interface ChatInput {
  readonly request_id: string;
  readonly endpoint: ChatEndpoint;
  readonly messages: readonly ChatMessage[];
  /**
   * The conversation as it goes upstream, when it holds more than text (tool calls, tool results,
   * images): `messages` then holds each turn's scanned text, and this is what is sent. One entry per
   * message, in the same order.
   */
  readonly upstream_messages?: readonly ProviderMessage[];
  /** The model the client named; "auto" or absent lets the policy choose. */
  readonly model?: string;
  readonly options?: GenerationOptions;
  readonly client_id?: string | null;
  /** A caller's own request id (inbound X-Request-Id), kept in the audit row for searching. */
  readonly correlation_id?: string | null;
  readonly key?: ChatKey | null;
}

/** The routing facts of a request, known before the first token. */
export interface ChatRouting {
  readonly request_id: string;
  /** The tier the policy decided. */
  readonly provider: Tier;
  /** The tier that answered (differs after a fallback). */
  readonly served_by: Tier;
  readonly reason_codes: readonly ReasonCode[];
  readonly policy_version: string;
  readonly model: string;
  /** How the model was chosen: as requested, through the policy's alias table, or the tier's default. */
  readonly model_choice: ModelChoiceSource;
}

/** How a streamed answer ended well: everything of a ChatResult but the content, which was streamed. */
export interface ChatStreamResult extends ChatRouting {
  readonly usage: TokenUsage | null;
  readonly finish_reason: string | null;
  readonly latency_ms: number;
  readonly provider_latency_ms: number;
}

/** A whole answer, its audit row durable. */
export interface ChatResult extends ChatStreamResult {
  /** '' when the model only called tools. */
  readonly content: string;
  readonly tool_calls?: readonly ToolCall[];
  readonly logprobs?: readonly TokenLogprob[];
}

/**
 * A stream's events before its last: whatever the provider sent besides its final event, as it
 * sent it (text deltas, and any other kind of delta a provider event carries).
 */
export type ChatStreamDelta = Exclude<ProviderStreamEvent, { readonly type: 'done' }>;

/**
 * What a stream yields: deltas, then exactly one last event saying how it ended, sent once the
 * request's audit row is durable (or could not be made so). The iteration itself never throws
 * for a provider or audit failure; a consumer that stops early gets the request audited as canceled.
 */
export type ChatStreamEvent =
  | ChatStreamDelta
  | { readonly type: 'done'; readonly result: ChatStreamResult }
  | { readonly type: 'error'; readonly error: ChatFailedError | AuditUnavailableError };

/**
 * Why a consumer stopped a stream early: the client left, or it stopped reading (its socket stayed
 * full) for longer than the stall timeout. Both are audited as canceled; a stall with its own code.
 */
export type StreamStop = 'left' | 'stalled';

/** A stream's events, pulled one at a time; `stop` ends it early and resolves once it is recorded. */
export interface ChatStreamEvents extends AsyncIterableIterator<ChatStreamEvent> {
  stop(reason: StreamStop): Promise<void>;
}

/** A stream whose routing is settled (the first event arrived), ready to be relayed. */
export interface ChatStream {
  readonly routing: ChatRouting;
  readonly events: ChatStreamEvents;
}

/**
 * The native answer (`POST /v1/chat`), and what `policy-mesh chat --json` prints: one shape for a
 * success and a provider failure (content null, error and failure_category set).
 */
export interface ChatReply {
  readonly request_id: string;
  readonly provider: Tier;
  /** Null when no provider answered. */
  readonly served_by: Tier | null;
  readonly reason_codes: readonly ReasonCode[];
  readonly content: string | null;
  readonly error: string | null;
  readonly failure_category?: FailureCategory;
  readonly model: string;
  readonly usage: TokenUsage | null;
  readonly policy_version: string;
}
