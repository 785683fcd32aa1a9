// The closed, stable set of reason codes (docs/REASON_CODES.md says what each means).

export const REASON_CODES = [
  'key_local_only',
  'key_budget_exceeded',
  'sensitive_keyword_match',
  'pii_detected',
  'image_present',
  'cloud_budget_exceeded',
  'cost_prefer_local',
  'default',
  'fallback_local_unavailable',
  'fallback_cloud_unavailable',
  'embeddings_tier_pinned',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** A decision made for one of these reasons pins the request to the local provider, whatever fails. */
export const LOCAL_ONLY_REASON_CODES: readonly ReasonCode[] = [
  'key_local_only',
  'sensitive_keyword_match',
  'pii_detected',
  'image_present',
];

export function isLocalOnly(reasonCodes: readonly ReasonCode[]): boolean {
  return reasonCodes.some((code) => LOCAL_ONLY_REASON_CODES.includes(code));
}

/** A decision made because a cloud budget is spent: a fallback to the cloud would spend past it. */
export const BUDGET_REASON_CODES: readonly ReasonCode[] = ['key_budget_exceeded', 'cloud_budget_exceeded'];

/** No fallback may take a request with one of these reasons to the cloud. */
export function barsCloudFallback(reasonCodes: readonly ReasonCode[]): boolean {
  return isLocalOnly(reasonCodes) || reasonCodes.some((code) => BUDGET_REASON_CODES.includes(code));
}
