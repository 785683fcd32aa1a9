// The policy file as written (docs/POLICY.md, "Keys"): class-validator rules for every key, the
// defaults as initializers. The original Policy Mesh format (sensitivity.keywords + cost.*) loads
// unchanged; `sensitivity` with its `keywords`, and `cost`, are required (a misspelt section must
// not silently mean "no keywords"); every other key is an optional extension.
// class-transformer's @Type reads design-time types through reflect-metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { DETECTOR_NAMES } from './pii-detectors';
import { POLICY_LIMITS } from './policy-limits';

const says = (message: string) => ({ message });
const DETECTOR_CHOICES: readonly string[] = [...DETECTOR_NAMES, 'credentials'];

/** Several property decorators as one. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
}

/** A nested section: an object whose keys are checked in turn. */
function Section(type: () => new () => object, required?: string): PropertyDecorator {
  return all(
    ...(required === undefined ? [] : [IsDefined(says(required))]),
    IsObject(says('must be an object')),
    ValidateNested(),
    Type(type),
  );
}

/** `null` is a value of its own here ("no threshold"): the checks skip it. */
const Nullable = () => ValidateIf((_object, value) => value !== null);

/**
 * Checks every item of an array and names each bad one by its index (`keywords.3: …`); the
 * message holds one `index: problem` line per bad item, which policy-problems.ts turns into paths.
 */
export const EACH_ITEM = 'eachItem';
export const MAX_ITEM_PROBLEMS = 20;

/**
 * Checks every member of a collection, named by `pairsOf` (array items by index, table entries by
 * key); a value that is not such a collection is left to the property's other rules.
 */
function EachMember(
  pairsOf: (value: unknown) => [string, unknown][] | null,
  problem: (member: unknown) => string | undefined,
): PropertyDecorator {
  const problems = (value: unknown) =>
    (pairsOf(value) ?? []).flatMap(([key, member]) => {
      const found = problem(member);
      return found === undefined ? [] : [`${key}: ${found}`];
    });
  return (target, propertyName) =>
    registerDecorator({
      name: EACH_ITEM,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => problems(value).length === 0,
        defaultMessage: ({ value }: ValidationArguments) => {
          const found = problems(value);
          const shown = found.slice(0, MAX_ITEM_PROBLEMS);
          if (found.length > MAX_ITEM_PROBLEMS)
            shown.push(`…: ${found.length - MAX_ITEM_PROBLEMS} more item(s) with problems`);
          return shown.join('\n');
        },
      },
    });
}

const EachItem = (problem: (item: unknown) => string | undefined) =>
  EachMember(
    (value) => (Array.isArray(value) ? value.map((item, index) => [String(index), item]) : null),
    problem,
  );

/** Every entry of an object (a table keyed by name), each named by its key. */
const EachEntry = (problem: (entry: unknown) => string | undefined) =>
  EachMember((value) => (isPlainObject(value) ? Object.entries(value) : null), problem);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const keywordProblem = (item: unknown) =>
  typeof item !== 'string'
    ? 'must be a string'
    : item.trim().length === 0
      ? 'must not be empty'
      : item.length > POLICY_LIMITS.keyword_length
        ? `must be at most ${POLICY_LIMITS.keyword_length} characters (has ${item.length})`
        : undefined;

const detectorProblem = (item: unknown) =>
  typeof item === 'string' && DETECTOR_CHOICES.includes(item)
    ? undefined
    : `must be one of ${DETECTOR_CHOICES.join(', ')}`;

const modelProblem = (item: unknown) =>
  typeof item === 'string' && item.length > 0 ? undefined : 'must be a non-empty string';

const ALIAS_TIERS = ['local', 'cloud'];

/** An alias maps a requested name to a model per tier: `{"local": "llama3.1:70b"}`. */
const aliasProblem = (entry: unknown): string | undefined => {
  if (!isPlainObject(entry)) return 'must be an object like {"local": "<model>", "cloud": "<model>"}';
  const keys = Object.keys(entry);
  if (keys.length === 0) return 'must name a model for "local", "cloud" or both';
  const unknown = keys.find((key) => !ALIAS_TIERS.includes(key));
  if (unknown !== undefined) return `unknown tier "${unknown}" (the tiers are "local" and "cloud")`;
  const bad = keys.find((key) => typeof entry[key] !== 'string' || entry[key].length === 0);
  return bad === undefined ? undefined : `${bad} must be a non-empty model name`;
};

/** "auto" asks the policy to choose; an alias of that name could never be reached. */
function AliasNames(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'aliasNames',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => !isPlainObject(value) || !('auto' in value),
        defaultMessage: () => '"auto" cannot be an alias: it always lets the policy choose',
      },
    });
}

const usdOrNull = () =>
  all(
    Nullable(),
    IsNumber({ allowNaN: false, allowInfinity: false }, says('must be a number >= 0 or null')),
    Min(0, says('must be a number >= 0 or null')),
  );

export class NormalizationSection {
  @IsBoolean(says('must be true or false'))
  strip_marks = true;

  @IsBoolean(says('must be true or false'))
  confusables = true;
}

export class SensitivitySection {
  @IsDefined(says('is required (use [] for no keywords)'))
  @IsArray(says('must be an array of strings'))
  @ArrayMaxSize(POLICY_LIMITS.keywords, {
    message: ({ value }: ValidationArguments) =>
      `must hold at most ${POLICY_LIMITS.keywords} keywords (has ${Array.isArray(value) ? value.length : 0})`,
  })
  @EachItem(keywordProblem)
  keywords!: unknown[];

  /** Absent: every detector on (a privacy gateway should catch PII unless told not to). */
  @ValidateIf((_object, value) => value !== undefined)
  @IsArray(says('must be an array of detector names'))
  @EachItem(detectorProblem)
  detectors?: unknown[];

  @Section(() => NormalizationSection)
  normalization = new NormalizationSection();
}

export class CostSection {
  @IsInt(says('must be an integer >= 0'))
  @Min(0, says('must be an integer >= 0'))
  max_prompt_length_for_local = 1000;

  @usdOrNull()
  max_usd_for_local: number | null = null;

  @usdOrNull()
  input_usd_per_1m_tokens: number | null = null;

  @usdOrNull()
  output_usd_per_1m_tokens: number | null = null;

  @IsInt(says('must be an integer > 0'))
  @Min(1, says('must be an integer > 0'))
  chars_per_token = 4;

  // `public` is the original Policy Mesh's word for the cloud tier: it loads, and means `cloud`.
  @IsIn(['local', 'cloud', 'public'], says('must be "local" or "cloud" ("public" is accepted too)'))
  default_provider: string = 'local';
}

export class BudgetSection {
  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false }, says('must be a number > 0 or null'))
  @Min(Number.MIN_VALUE, says('must be a number > 0 or null'))
  cloud_usd_per_day: number | null = null;
}

export class FallbackSection {
  @IsIn(['fail', 'cloud'], says('must be "fail" or "cloud"'))
  on_local_failure: string = 'fail';

  @IsIn(['fail', 'local'], says('must be "fail" or "local"'))
  on_cloud_failure: string = 'local';
}

export class ModelChoiceSection {
  @Nullable()
  @IsString(says('must be a non-empty string or null'))
  @MinLength(1, says('must be a non-empty string or null'))
  default: string | null = null;

  @IsArray(says('must be an array of model names'))
  @EachItem(modelProblem)
  allowed: unknown[] = [];
}

export class ModelsSection {
  @Section(() => ModelChoiceSection)
  local = new ModelChoiceSection();

  @Section(() => ModelChoiceSection)
  cloud = new ModelChoiceSection();

  /** Requested name -> the model serving it on each tier (docs/POLICY.md, "Models"). */
  @IsObject(says('must be an object: {"<requested model>": {"local": "<model>", "cloud": "<model>"}}'))
  @AliasNames()
  @EachEntry(aliasProblem)
  aliases: Record<string, unknown> = {};
}

/** The embedding models of each tier: embedding models are not chat models. */
export class EmbeddingModelsSection {
  @Section(() => ModelChoiceSection)
  local = new ModelChoiceSection();

  @Section(() => ModelChoiceSection)
  cloud = new ModelChoiceSection();
}

export class EmbeddingsSection {
  /**
   * Pins every embedding to one tier: vectors of different models live in different spaces, so an
   * index must be built and queried by one model. null = routed per request like chat.
   */
  @Nullable()
  @IsIn(['local', 'cloud'], says('must be "local", "cloud" or null'))
  tier: string | null = null;

  @Section(() => EmbeddingModelsSection)
  models = new EmbeddingModelsSection();
}

export class PolicyDocument {
  @Section(() => SensitivitySection, 'is required: {"keywords": [...]} (the original format)')
  sensitivity!: SensitivitySection;

  @Section(() => CostSection, 'is required: {} applies every default (the original format)')
  cost!: CostSection;

  @Section(() => BudgetSection)
  budget = new BudgetSection();

  @Section(() => FallbackSection)
  fallback = new FallbackSection();

  @Section(() => ModelsSection)
  models = new ModelsSection();

  @Section(() => EmbeddingsSection)
  embeddings = new EmbeddingsSection();
  // What an image does to a request: the policy cannot scan one. `local` keeps any request with an
  // image on the local tier, local-only (reason `image_present`); `allow` lets the text decide.
  @IsIn(['local', 'allow'], says('must be "local" or "allow"'))
  images: string = 'local';
}
