// The facts of an embeddings request (POST /v1/embeddings), named as the wire names them.
import type { TokenUsage } from '@app/providers';
import type { ChatKey, ChatRouting } from './chat.types';

export interface EmbeddingInput {
  readonly request_id: string;
  /** The texts to embed, in order: each is scanned by the policy like one user message. */
  readonly inputs: readonly string[];
  /** The model the client named; "auto" or absent lets the policy choose. */
  readonly model?: string;
  readonly dimensions?: number;
  readonly client_id?: string | null;
  readonly correlation_id?: string | null;
  readonly key?: ChatKey | null;
}

/** The vectors, one per input in order, with the routing facts; its audit row is durable. */
export interface EmbeddingsResult extends ChatRouting {
  readonly vectors: number[][];
  readonly usage: TokenUsage | null;
  readonly latency_ms: number;
  readonly provider_latency_ms: number;
}
