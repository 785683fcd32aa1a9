import type { GenerationOptions, ProviderName, TokenUsage } from '@app/providers';
import type { ChatMessage, Decision, ReasonCode } from '@app/routing-policy';

/** Which door a request came in by; an audit and metrics label. */
export type ChatEndpoint = 'native' | 'openai' | 'cli';

export const ENDPOINT_PATHS: Readonly<Record<ChatEndpoint, string>> = {
  native: '/v1/chat',
  openai: '/v1/chat/completions',
  cli: 'cli',
};

export interface ChatInput {
  readonly requestId: string;
  readonly endpoint: ChatEndpoint;
  readonly messages: readonly ChatMessage[];
  /** The model the client named; "auto" or absent lets the policy choose. */
  readonly model?: string;
  readonly options?: GenerationOptions;
  readonly clientId?: string | null;
  /** A caller's own request id (inbound X-Request-Id), kept in the audit row for searching. */
  readonly correlationId?: string | null;
}

/** The routing facts of a request, known before the first token. */
export interface ChatRouting {
  readonly requestId: string;
  /** The provider the policy decided. */
  readonly provider: ProviderName;
  /** The provider that actually answered (differs after a fallback). */
  readonly servedBy: ProviderName;
  readonly reasonCodes: ReasonCode[];
  readonly policyVersion: string;
  readonly model: string;
}

export interface ChatResult extends ChatRouting {
  readonly content: string;
  readonly usage: TokenUsage | null;
  readonly finishReason: string | null;
  readonly latencyMs: number;
  readonly providerLatencyMs: number;
}

export type { Decision };
