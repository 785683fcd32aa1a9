import type { FailureCategory, UnsupportedField } from '@app/providers';
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

/**
 * The tier the request must go to cannot honour one of its fields (Ollama cannot force a tool
 * call, for one). Refused with a code before anything was sent, and audited as a rejection: a
 * field is never dropped in silence, and the request never moves tiers to find a provider that can.
 */
export class ChatUnsupportedError extends Error {
  readonly code = 'UNSUPPORTED_PARAMETER';
  readonly violations: readonly UnsupportedField[];

  constructor(readonly unsupported: UnsupportedField) {
    super(`the chosen provider cannot honour ${unsupported.field}`);
    this.name = 'ChatUnsupportedError';
    this.violations = [unsupported];
  }
}
