// Where a failed attempt may go next. The one rule that must never bend: a request kept local for
// a local-only reason (sensitivity, PII, a local-only key) never goes to the cloud. A request kept
// local because a cloud budget is spent (the policy's or the key's) does not go there either: the
// budget is a cap, and a fallback would spend past it.
import type { FailureCategory } from '@app/providers';
import { barsCloudFallback, type Policy } from '@app/routing-policy';
import type { Attempt } from './chat-run';

export function nextAttempt(
  attempt: Attempt,
  category: FailureCategory,
  fallback: Policy['fallback'],
): Attempt | null {
  // A client that left wants nothing more; and there is one fallback per request, not a ping-pong.
  if (category === 'canceled' || attempt.reason_codes.some((code) => code.startsWith('fallback_')))
    return null;
  if (attempt.provider === 'local') {
    if (fallback.on_local_failure !== 'cloud' || barsCloudFallback(attempt.reason_codes)) return null;
    return { provider: 'cloud', reason_codes: [...attempt.reason_codes, 'fallback_local_unavailable'] };
  }
  if (fallback.on_cloud_failure !== 'local') return null;
  return { provider: 'local', reason_codes: [...attempt.reason_codes, 'fallback_cloud_unavailable'] };
}
