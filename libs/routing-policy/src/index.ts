export { BUILTIN_POLICY } from './builtin-policy';
export { canonicalJson } from './canonical-json';
export { compilePolicy, parsePolicy } from './compiled-policy';
export type { CompiledPolicy, PolicySource } from './compiled-policy';
export { chooseModel } from './model-choice';
export { CREDENTIAL_DETECTORS, DETECTOR_NAMES } from './pii-detectors';
export type { DetectorName } from './pii-detectors';
export { PolicyInvalidError } from './policy-invalid.error';
export { loadBuiltinPolicy, loadPolicyFile } from './policy-loader';
export type { Policy } from './policy.schema';
export { policyView, RULE_ORDER } from './policy-view';
export type { PolicyView } from './policy-view';
export { PolicyService } from './policy.service';
export type { ReloadResult } from './policy.service';
export { isLocalOnly, LOCAL_ONLY_REASON_CODES, REASON_CODES } from './reason-codes';
export type { ReasonCode } from './reason-codes';
export { decide } from './routing-engine';
export type {
  ChatMessage,
  ChatRole,
  Decision,
  DecisionContext,
  DecisionTrace,
  PromptFlags,
  RoutedProvider,
  RuleTrace,
} from './routing.types';
export { RoutingPolicyModule } from './routing-policy.module';
