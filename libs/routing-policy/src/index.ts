export { BUILTIN_POLICY } from './builtin-policy';
export { compilePolicy, policyVersion } from './compiled-policy';
export type { CompiledPolicy, PolicySource } from './compiled-policy';
export { decideEmbeddings, embeddingMessages, isPinConflict } from './embedding-decision';
export { AUTO_MODEL, chooseModel, modelCatalog, pickModel } from './model-choice';
export type { CatalogEntry, DefaultModels, ModelChoiceSource, ModelKind, ModelPick } from './model-choice';
export { CREDENTIAL_DETECTORS, DETECTOR_NAMES } from './pii-detectors';
export type { DetectorName } from './pii-detectors';
export { parsePolicyCases, runPolicyCases } from './policy-cases';
export type { PolicyCase, PolicyCaseResult, PolicyTestReport } from './policy-cases';
export { PolicyInvalidError } from './policy-invalid.error';
export { POLICY_LIMITS } from './policy-limits';
export { cloudRoutingNotice, policyNotices } from './policy-notices';
export type { PolicyNotice } from './policy-notices';
export { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
export { parsePolicy } from './policy-parser';
export type { ModelAlias, ParsedPolicy, Policy } from './policy-parser';
export { policyView, RULE_ORDER } from './policy-view';
export type { PolicyView } from './policy-view';
export { PolicyService } from './policy.service';
export type { ReloadResult } from './policy.service';
export {
  barsCloudFallback,
  BUDGET_REASON_CODES,
  isLocalOnly,
  LOCAL_ONLY_REASON_CODES,
  REASON_CODES,
} from './reason-codes';
export type { ReasonCode } from './reason-codes';
export { decide } from './routing-engine';
export type {
  ChatMessage,
  ChatRole,
  Decision,
  DecisionContext,
  KeyContext,
  DecisionTrace,
  PromptFlags,
  RoutedProvider,
  RuleTrace,
} from './routing.types';
export { RoutingPolicyModule } from './routing-policy.module';
