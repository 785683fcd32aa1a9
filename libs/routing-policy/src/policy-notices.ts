// A cloud key that the policy never uses is a silent surprise ("I set OPENAI_API_KEY and my essay
// still went local"): the start summary, GET /v1/routes and `policy show` say so and name the one
// setting.
import type { PolicyView } from './policy-view';

export interface PolicyNotice {
  readonly code: 'CLOUD_KEY_UNUSED';
  /** The one setting that changes it. */
  readonly setting: string;
  readonly message: string;
}

/** Only the default rule can send a prompt to the cloud, and only when `default_provider` is cloud. */
export function cloudRoutingNotice(cloudKeyConfigured: boolean, view: PolicyView): PolicyNotice | null {
  if (!cloudKeyConfigured || view.cost.default_provider === 'cloud') return null;
  const fallback =
    view.fallback.on_local_failure === 'cloud'
      ? ' (the cloud serves only as the fallback when the local provider fails)'
      : '';
  return {
    code: 'CLOUD_KEY_UNUSED',
    setting: 'cost.default_provider',
    message:
      `OPENAI_API_KEY is set, but this policy (${view.source === 'builtin' ? 'the built-in local-first default' : view.source}) ` +
      `routes every prompt to local${fallback}: set "cost.default_provider": "cloud" in a policy file ` +
      '(POLICY_FILE) to send the prompts no rule keeps local to the cloud',
  };
}

/** What GET /v1/routes and `policy show` add to the policy view: the same list in both. */
export function policyNotices(cloudKeyConfigured: boolean, view: PolicyView): PolicyNotice[] {
  const notice = cloudRoutingNotice(cloudKeyConfigured, view);
  return notice === null ? [] : [notice];
}
