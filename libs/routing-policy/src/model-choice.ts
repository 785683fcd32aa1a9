// Which model serves a request (docs/POLICY.md, "Models"), and which names can be served at all.
import type { CompiledPolicy } from './compiled-policy';
import type { ModelChoice, Policy } from './policy-parser';
import type { RoutedProvider } from './routing.types';

/** What a model serves: chat completions or embeddings (each tier has its own models for each). */
export type ModelKind = 'chat' | 'embeddings';

/**
 * How the model was chosen: the name the client asked for (`requested`), the policy's alias table
 * (`alias`), or the tier's default because the name was "auto", absent or not served there
 * (`default`). Answers say which in a header.
 */
export type ModelChoiceSource = 'requested' | 'alias' | 'default';

export interface ModelPick {
  readonly model: string;
  readonly choice: ModelChoiceSource;
}

/** The name that asks the policy to choose. */
export const AUTO_MODEL = 'auto';

function choicesOf(policy: Policy, tier: RoutedProvider, kind: ModelKind): ModelChoice {
  return kind === 'chat' ? policy.models[tier] : policy.embeddings.models[tier];
}

/**
 * The model for a request the decision sent to `tier`. In order: an alias naming a model for that
 * tier; the requested name when the policy lists it as allowed there; else the policy's default
 * for the tier, else the environment's (OLLAMA_MODEL / OPENAI_MODEL, or their embedding twins).
 * The policy, not the client, picks the tier, so a client's model name (OpenAI SDKs always send
 * one) that the tier does not serve is replaced rather than refused; the answer says so. Pure: the
 * same name, tier and policy give the same model.
 */
export function pickModel(
  compiled: CompiledPolicy,
  tier: RoutedProvider,
  requested: string | undefined,
  environmentDefault: string,
  kind: ModelKind = 'chat',
): ModelPick {
  const { policy } = compiled;
  const choices = choicesOf(policy, tier, kind);
  const fallback: ModelPick = { model: choices.default ?? environmentDefault, choice: 'default' };
  if (requested === undefined || requested === AUTO_MODEL) return fallback;
  const alias = Object.hasOwn(policy.models.aliases, requested)
    ? policy.models.aliases[requested]
    : undefined;
  const aliased = alias?.[tier];
  if (aliased !== undefined) return { model: aliased, choice: 'alias' };
  if (choices.allowed.includes(requested)) return { model: requested, choice: 'requested' };
  return fallback;
}

/** The model for a chat request; see pickModel. */
export function chooseModel(
  compiled: CompiledPolicy,
  provider: RoutedProvider,
  requested: string | undefined,
  environmentDefault: string,
): string {
  return pickModel(compiled, provider, requested, environmentDefault).model;
}

/** One name a client can send and have honoured on at least one tier (GET /v1/models). */
export interface CatalogEntry {
  readonly id: string;
  readonly kind: ModelKind | 'any';
  /** The tier a tier's own model runs on; null for "auto" and aliases, which serve on several. */
  readonly tier: RoutedProvider | null;
  /** For an alias: the model serving it on each tier it names. */
  readonly serves?: Readonly<Partial<Record<RoutedProvider, string>>>;
}

/** The environment's default model of each tier and kind. */
export type DefaultModels = Readonly<Record<RoutedProvider, Readonly<Record<ModelKind, string>>>>;

/**
 * What can be served, in a stable order: "auto", then each tier's chat and embedding models (its
 * default first, then what the policy allows), then the aliases by name. A name the policy neither
 * allows nor aliases is answered by a default, so it is not listed.
 */
export function modelCatalog(compiled: CompiledPolicy, defaults: DefaultModels): CatalogEntry[] {
  const { policy } = compiled;
  const entries: CatalogEntry[] = [{ id: AUTO_MODEL, kind: 'any', tier: null }];
  const seen = new Set<string>([AUTO_MODEL]);
  for (const tier of ['local', 'cloud'] as const) {
    for (const kind of ['chat', 'embeddings'] as const) {
      const choices = choicesOf(policy, tier, kind);
      for (const id of [choices.default ?? defaults[tier][kind], ...choices.allowed]) {
        const key = `${tier}\u0000${kind}\u0000${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ id, kind, tier });
      }
    }
  }
  for (const id of Object.keys(policy.models.aliases).sort()) {
    entries.push({ id, kind: 'any', tier: null, serves: { ...policy.models.aliases[id] } });
  }
  return entries;
}
