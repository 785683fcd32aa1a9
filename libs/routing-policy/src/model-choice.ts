// Which model serves a request (docs/POLICY.md, "Models").
import type { CompiledPolicy } from './compiled-policy';
import type { RoutedProvider } from './routing.types';

/**
 * The request's model when the policy lists it as allowed for the provider the decision chose;
 * otherwise the policy's default for that provider, else the environment's default
 * (OLLAMA_MODEL / OPENAI_MODEL). The policy, not the client, picks the provider, so a client's
 * model name (OpenAI SDKs always send one) that the chosen provider does not offer is replaced
 * rather than refused; the answer says which model served.
 */
export function chooseModel(
  compiled: CompiledPolicy,
  provider: RoutedProvider,
  requested: string | undefined,
  environmentDefault: string,
): string {
  const models = compiled.policy.models[provider];
  if (requested !== undefined && models.allowed.includes(requested)) return requested;
  return models.default ?? environmentDefault;
}
