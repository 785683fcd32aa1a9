import type { ChatRouting } from './chat.types';

/**
 * `embeddings.tier` pins embeddings to the cloud, but the input must stay local (sensitive text,
 * PII, a local-only key, a spent budget). A local vector would come from another space than the
 * index it is meant for, so none is given; the request was audited as rejected.
 */
export class EmbeddingsPinConflictError extends Error {
  readonly code = 'EMBEDDINGS_PIN_CONFLICT' as const;

  constructor(readonly routing: ChatRouting) {
    super(
      'embeddings are pinned to the cloud tier, but this input must stay local (see reason_codes); no vector from the pinned model can be given',
    );
    this.name = 'EmbeddingsPinConflictError';
  }
}
