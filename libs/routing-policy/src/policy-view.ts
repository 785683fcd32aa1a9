// The safe view of the effective policy for GET /v1/routes and `policy-mesh policy show`:
// thresholds, counts and settings — never the keywords themselves.
import type { CompiledPolicy } from './compiled-policy';
import type { ModelAlias } from './policy-parser';

export interface PolicyView {
  readonly version: string;
  readonly source: string;
  readonly loaded_at: string;
  readonly rule_order: readonly string[];
  readonly sensitivity: {
    readonly keyword_count: number;
    readonly detectors: readonly string[];
    readonly normalization: { readonly strip_marks: boolean; readonly confusables: boolean };
  };
  readonly cost: {
    readonly mode: 'usd' | 'length';
    readonly max_prompt_length_for_local: number;
    readonly max_usd_for_local: number | null;
    readonly input_usd_per_1m_tokens: number | null;
    readonly output_usd_per_1m_tokens: number | null;
    readonly chars_per_token: number;
    readonly default_provider: 'local' | 'cloud';
  };
  readonly budget: { readonly cloud_usd_per_day: number | null };
  readonly fallback: {
    readonly on_local_failure: 'fail' | 'cloud';
    readonly on_cloud_failure: 'fail' | 'local';
  };
  readonly models: {
    readonly local: { readonly default: string | null; readonly allowed: readonly string[] };
    readonly cloud: { readonly default: string | null; readonly allowed: readonly string[] };
    readonly aliases: Readonly<Record<string, ModelAlias>>;
  };
  readonly embeddings: {
    readonly tier: 'local' | 'cloud' | null;
    readonly models: {
      readonly local: { readonly default: string | null; readonly allowed: readonly string[] };
      readonly cloud: { readonly default: string | null; readonly allowed: readonly string[] };
    };
  };
  readonly images: 'local' | 'allow';
  /** Unknown keys of the policy file (ignored), each with the name it was probably meant to be. */
  readonly warnings: readonly string[];
}

export const RULE_ORDER = [
  'sensitive_keyword_match',
  'pii_detected',
  'image_present',
  'cloud_budget_exceeded',
  'cost_prefer_local',
  'default',
];

export function policyView(compiled: CompiledPolicy): PolicyView {
  const { policy } = compiled;
  const { cost } = policy;
  return {
    version: compiled.version,
    source: compiled.source.kind === 'builtin' ? 'builtin' : compiled.source.path,
    loaded_at: compiled.loadedAt.toISOString(),
    rule_order: RULE_ORDER,
    sensitivity: {
      keyword_count: compiled.keywords.size,
      detectors: [...policy.sensitivity.detectors],
      normalization: { ...policy.sensitivity.normalization },
    },
    cost: {
      mode: cost.max_usd_for_local !== null && cost.input_usd_per_1m_tokens !== null ? 'usd' : 'length',
      max_prompt_length_for_local: cost.max_prompt_length_for_local,
      max_usd_for_local: cost.max_usd_for_local,
      input_usd_per_1m_tokens: cost.input_usd_per_1m_tokens,
      output_usd_per_1m_tokens: cost.output_usd_per_1m_tokens,
      chars_per_token: cost.chars_per_token,
      default_provider: cost.default_provider,
    },
    budget: { cloud_usd_per_day: policy.budget.cloud_usd_per_day },
    fallback: { ...policy.fallback },
    models: {
      local: { default: policy.models.local.default, allowed: [...policy.models.local.allowed] },
      cloud: { default: policy.models.cloud.default, allowed: [...policy.models.cloud.allowed] },
      aliases: Object.fromEntries(
        Object.entries(policy.models.aliases).map(([name, alias]) => [name, { ...alias }]),
      ),
    },
    embeddings: {
      tier: policy.embeddings.tier,
      models: {
        local: { ...policy.embeddings.models.local, allowed: [...policy.embeddings.models.local.allowed] },
        cloud: { ...policy.embeddings.models.cloud, allowed: [...policy.embeddings.models.cloud.allowed] },
      },
    },
    images: policy.images,
    warnings: [...compiled.warnings],
  };
}
