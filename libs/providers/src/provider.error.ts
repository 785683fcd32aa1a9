import type { FailureCategory, Tier, UnsupportedField } from './provider.types';

/** A provider call that did not produce an answer, in exactly one failure category. */
export class ProviderError extends Error {
  readonly code = 'PROVIDER_ERROR' as const;

  constructor(
    readonly provider: Tier,
    readonly category: FailureCategory,
    /** Safe to show a client: our own words (tier, upstream status, category), never the upstream's text. */
    readonly safeMessage: string,
    readonly status: number | null = null,
    /** The upstream refused a field its model cannot honour (tools, images): the caller's 400, not a 502. */
    readonly unsupported: UnsupportedField | null = null,
  ) {
    super(safeMessage);
    this.name = 'ProviderError';
  }
}
