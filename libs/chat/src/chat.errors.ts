import type { FailureCategory } from '@app/providers';
import type { ChatRouting } from './chat.types';

/** The chosen provider (and any allowed fallback) failed; the request was audited as a failure. */
export class ChatFailedError extends Error {
  readonly code = 'PROVIDER_ERROR' as const;

  constructor(
    readonly category: FailureCategory,
    readonly safeMessage: string,
    readonly routing: ChatRouting,
  ) {
    super(safeMessage);
    this.name = 'ChatFailedError';
  }
}
