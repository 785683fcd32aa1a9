import type {
  EmbeddingRequest,
  EmbeddingResult,
  ProviderHealth,
  Tier,
  Upstream,
  ProviderRequest,
  ProviderResult,
  ProviderStreamEvent,
  UnsupportedField,
} from './provider.types';

/**
 * The port every model server is reached through. Adapters throw only ProviderError, so callers
 * handle one closed set of failure categories whatever the upstream.
 */
export abstract class LlmProvider {
  abstract readonly name: Tier;
  /** The software behind the tier (`ollama`, `openai`): shown as a model's owner. */
  abstract readonly upstream: Upstream;
  /** The model used when neither the request nor the policy names one (OLLAMA_MODEL / OPENAI_MODEL). */
  abstract readonly defaultModel: string;
  /** The embedding model used when neither the request nor the policy names one. */
  abstract readonly defaultEmbeddingModel: string;

  /** The whole answer. */
  abstract chat(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult>;

  /** Content deltas as they arrive, ending with one `done` event that carries the usage. */
  abstract stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderStreamEvent>;

  /** One vector per input, in order. */
  abstract embed(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResult>;
  /**
   * A field of the request this upstream cannot honour, checked before it is called: the caller
   * refuses the request (or does not fall back here) rather than drop the field in silence.
   */
  unsupported(_request: ProviderRequest, _stream: boolean): UnsupportedField | null {
    return null;
  }

  abstract health(): Promise<ProviderHealth>;

  abstract listModels(): Promise<string[]>;
}
