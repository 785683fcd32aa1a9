import type { FailureCategory } from '@app/providers';
import type { ChatRouting } from './chat.types';

/**
 * The chosen provider (and any allowed fallback) failed; the request was audited as a failure.
 * The message is safe to show a client. A timeout has its own code, so each transport maps it
 * (504, its exit code) from the code alone.
 */
export class ChatFailedError extends Error {
  readonly code: 'PROVIDER_TIMEOUT' | 'PROVIDER_ERROR';

  constructor(
    readonly failure_category: FailureCategory,
    message: string,
    readonly routing: ChatRouting,
  ) {
    super(message);
    this.name = 'ChatFailedError';
    this.code = failure_category === 'timeout' ? 'PROVIDER_TIMEOUT' : 'PROVIDER_ERROR';
  }
}
