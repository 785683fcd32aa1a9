// Policy test cases (docs/POLICY.md, "Testing a policy"): messages and the decision they must get.
// One runner for `policy-mesh policy test` and the test of the shipped example policy.
import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  validateSync,
  ValidateNested,
} from 'class-validator';
import type { CompiledPolicy } from './compiled-policy';
import { PolicyInvalidError } from './policy-invalid.error';
import { describeFindings } from './policy-problems';
import { REASON_CODES, type ReasonCode } from './reason-codes';
import { decide } from './routing-engine';
import type { ChatMessage, RoutedProvider } from './routing.types';

class CaseMessage {
  @IsIn(['system', 'user', 'assistant'], { message: 'must be "system", "user" or "assistant"' })
  role!: ChatMessage['role'];

  @IsString({ message: 'must be a string' })
  content!: string;
}

class CaseExpectation {
  @IsIn(['local', 'cloud'], { message: 'must be "local" or "cloud"' })
  provider!: RoutedProvider;

  @IsArray({ message: 'must be an array of reason codes' })
  @IsIn(REASON_CODES, { each: true, message: `each must be one of ${REASON_CODES.join(', ')}` })
  reason_codes!: ReasonCode[];
}

class PolicyCase {
  @IsString({ message: 'must be a string' })
  name!: string;

  @IsArray({ message: 'must be an array of messages' })
  @ArrayMinSize(1, { message: 'must hold at least one message' })
  @ValidateNested({ each: true })
  @Type(() => CaseMessage)
  messages!: CaseMessage[];

  @IsObject({ message: 'must be {provider, reason_codes}' })
  @ValidateNested()
  @Type(() => CaseExpectation)
  expect!: CaseExpectation;
}

class PolicyCaseList {
  @ValidateNested({ each: true })
  @Type(() => PolicyCase)
  cases!: PolicyCase[];
}

export type { PolicyCase };

export interface PolicyCaseResult {
  readonly name: string;
  readonly pass: boolean;
  readonly expected: { readonly provider: RoutedProvider; readonly reason_codes: readonly ReasonCode[] };
  readonly got: { readonly provider: RoutedProvider; readonly reason_codes: readonly ReasonCode[] };
}

export interface PolicyTestReport {
  readonly policy_version: string;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly PolicyCaseResult[];
}

/** Checks a parsed JSON value as `[{name, messages, expect: {provider, reason_codes}}]`. */
export function parsePolicyCases(json: unknown, sourceLabel = 'policy cases'): PolicyCase[] {
  if (!Array.isArray(json)) {
    throw new PolicyInvalidError(['(root): must be an array of {name, messages, expect}'], sourceLabel);
  }
  const list = plainToInstance(PolicyCaseList, { cases: json });
  const { problems } = describeFindings(validateSync(list, { validationError: { value: false } }));
  if (problems.length > 0) {
    // Paths are relative to the file's array: `cases.2.expect.provider` is `2.expect.provider`.
    throw new PolicyInvalidError(
      problems.map((problem) => problem.replace(/^cases\./, '')),
      sourceLabel,
    );
  }
  return list.cases;
}

export function runPolicyCases(cases: readonly PolicyCase[], compiled: CompiledPolicy): PolicyTestReport {
  const results = cases.map((policyCase): PolicyCaseResult => {
    const decision = decide(policyCase.messages, compiled);
    const got = { provider: decision.provider, reason_codes: decision.reason_codes };
    const { provider, reason_codes } = policyCase.expect;
    const pass =
      got.provider === provider &&
      got.reason_codes.length === reason_codes.length &&
      got.reason_codes.every((code, index) => code === reason_codes[index]);
    return { name: policyCase.name, pass, expected: { provider, reason_codes }, got };
  });
  const passed = results.filter((result) => result.pass).length;
  return { policy_version: compiled.version, passed, failed: results.length - passed, results };
}
