// From a parsed JSON value to the effective policy: every key checked (problems name their JSON
// path), every default applied, unknown keys reported as warnings and left out.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CREDENTIAL_DETECTORS, DETECTOR_NAMES, type DetectorName } from './pii-detectors';
import { PolicyDocument, type EmbeddingsSection, type ModelChoiceSection } from './policy-document';
import { PolicyInvalidError } from './policy-invalid.error';
import { describeFindings } from './policy-problems';
import type { RoutedProvider } from './routing.types';
import { foldText, type NormalizationOptions } from './text-normalizer';

export interface ModelChoice {
  readonly default: string | null;
  readonly allowed: readonly string[];
}

/** What a requested model name means on each tier (`models.aliases`). */
export type ModelAlias = Readonly<Partial<Record<RoutedProvider, string>>>;

/** The effective policy: every default applied, detector names expanded. */
export interface Policy {
  readonly sensitivity: {
    readonly keywords: readonly string[];
    readonly detectors: readonly DetectorName[];
    readonly normalization: NormalizationOptions;
  };
  readonly cost: {
    readonly max_prompt_length_for_local: number;
    readonly max_usd_for_local: number | null;
    readonly input_usd_per_1m_tokens: number | null;
    readonly output_usd_per_1m_tokens: number | null;
    readonly chars_per_token: number;
    readonly default_provider: RoutedProvider;
  };
  readonly budget: { readonly cloud_usd_per_day: number | null };
  readonly fallback: {
    readonly on_local_failure: 'fail' | 'cloud';
    readonly on_cloud_failure: 'fail' | 'local';
  };
  readonly models: {
    readonly local: ModelChoice;
    readonly cloud: ModelChoice;
    readonly aliases: Readonly<Record<string, ModelAlias>>;
  };
  readonly embeddings: {
    /** Every embedding on this tier (one vector space); null = routed per request. */
    readonly tier: RoutedProvider | null;
    readonly models: { readonly local: ModelChoice; readonly cloud: ModelChoice };
  };
  /** `local`: a request with an image is kept local (local-only); `allow`: images follow the text's decision. */
  readonly images: 'local' | 'allow';
}

export interface ParsedPolicy {
  readonly policy: Policy;
  /** Unknown keys (ignored), each with the known name it was probably meant to be. */
  readonly warnings: readonly string[];
}

/** Validates a parsed JSON value as a policy; throws PolicyInvalidError naming every problem. */
export function parsePolicy(json: unknown, sourceLabel = 'policy'): ParsedPolicy {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PolicyInvalidError(['(root): must be a JSON object'], sourceLabel);
  }
  const document = plainToInstance(PolicyDocument, json);
  const { problems, warnings } = describeFindings(
    validateSync(document, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { value: false },
    }),
  );
  if (problems.length === 0) problems.push(...emptyAfterFolding(document));
  // Unknown keys often explain a problem (`sensitivty` beside a missing `sensitivity`): both are listed.
  if (problems.length > 0) throw new PolicyInvalidError([...problems, ...warnings], sourceLabel);
  return { policy: effectivePolicy(document), warnings };
}

/** A keyword of only invisible or combining characters would fold to nothing and match everywhere. */
function emptyAfterFolding(document: PolicyDocument): string[] {
  const options = document.sensitivity.normalization;
  return (document.sensitivity.keywords as string[]).flatMap((keyword, index) =>
    foldText(keyword, options).trim() === ''
      ? [`sensitivity.keywords.${index}: must not be empty (it holds only invisible or combining characters)`]
      : [],
  );
}

/** Built key by key, so nothing unknown reaches the policy (or its version). */
function effectivePolicy(document: PolicyDocument): Policy {
  const { sensitivity, cost, budget, fallback, models, embeddings, images } = document;
  return {
    sensitivity: {
      keywords: sensitivity.keywords as string[],
      detectors: expandDetectors(sensitivity.detectors as string[] | undefined),
      normalization: {
        strip_marks: sensitivity.normalization.strip_marks,
        confusables: sensitivity.normalization.confusables,
      },
    },
    cost: {
      max_prompt_length_for_local: cost.max_prompt_length_for_local,
      max_usd_for_local: cost.max_usd_for_local,
      input_usd_per_1m_tokens: cost.input_usd_per_1m_tokens,
      output_usd_per_1m_tokens: cost.output_usd_per_1m_tokens,
      chars_per_token: cost.chars_per_token,
      default_provider: cost.default_provider === 'local' ? 'local' : 'cloud',
    },
    budget: { cloud_usd_per_day: budget.cloud_usd_per_day },
    fallback: {
      on_local_failure: fallback.on_local_failure as 'fail' | 'cloud',
      on_cloud_failure: fallback.on_cloud_failure as 'fail' | 'local',
    },
    models: {
      local: modelChoice(models.local),
      cloud: modelChoice(models.cloud),
      aliases: modelAliases(models.aliases),
    },
    embeddings: embeddingsOf(embeddings),
    images: images === 'allow' ? 'allow' : 'local',
  };
}

function embeddingsOf(section: EmbeddingsSection): Policy['embeddings'] {
  return {
    tier: section.tier === 'local' || section.tier === 'cloud' ? section.tier : null,
    models: { local: modelChoice(section.models.local), cloud: modelChoice(section.models.cloud) },
  };
}

/**
 * Validated already: each entry names a model for `local`, `cloud` or both. Built with
 * Object.fromEntries so a name like `__proto__` stays an ordinary key.
 */
function modelAliases(table: Record<string, unknown>): Record<string, ModelAlias> {
  return Object.fromEntries(
    Object.entries(table).map(([name, entry]) => {
      const tiers = entry as Record<string, string>;
      const alias: ModelAlias = {
        ...(tiers.local === undefined ? {} : { local: tiers.local }),
        ...(tiers.cloud === undefined ? {} : { cloud: tiers.cloud }),
      };
      return [name, alias];
    }),
  );
}

function modelChoice(section: ModelChoiceSection): ModelChoice {
  return { default: section.default, allowed: section.allowed as string[] };
}

function expandDetectors(names: readonly string[] | undefined): DetectorName[] {
  if (names === undefined) return [...DETECTOR_NAMES];
  const expanded = new Set<DetectorName>();
  for (const name of names) {
    if (name === 'credentials') CREDENTIAL_DETECTORS.forEach((detector) => expanded.add(detector));
    else expanded.add(name as DetectorName);
  }
  // A stable order, so the same set always gives the same policy_version.
  return DETECTOR_NAMES.filter((name) => expanded.has(name));
}
