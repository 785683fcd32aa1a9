// A policy made ready for decisions: validated, defaults applied, versioned, matchers built once.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { KeywordMatcher } from './keyword-matcher';
import { PolicyInvalidError } from './policy-invalid.error';
import { expandDetectors, policySchema, type Policy } from './policy.schema';
import { foldText } from './text-normalizer';

export type PolicySource = { readonly kind: 'builtin' } | { readonly kind: 'file'; readonly path: string };

export interface CompiledPolicy {
  readonly policy: Policy;
  /** SHA-256 (hex) of the canonical JSON of the effective policy. */
  readonly version: string;
  readonly source: PolicySource;
  readonly loadedAt: Date;
  readonly keywords: KeywordMatcher;
}

/** Validates a parsed JSON value as a policy; every problem is reported with its JSON path. */
export function parsePolicy(json: unknown, sourceLabel = 'policy'): Policy {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PolicyInvalidError(['(root): must be a JSON object'], sourceLabel);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
      return `${path}: ${issue.message}`;
    });
    throw new PolicyInvalidError(problems, sourceLabel);
  }
  const { sensitivity, ...rest } = parsed.data;
  return {
    ...rest,
    sensitivity: { keywords: sensitivity.keywords, detectors: expandDetectors(sensitivity.detectors) },
  };
}

export function compilePolicy(policy: Policy, source: PolicySource, loadedAt = new Date()): CompiledPolicy {
  const version = createHash('sha256').update(canonicalJson(policy)).digest('hex');
  const keywords = new KeywordMatcher(policy.sensitivity.keywords.map((keyword) => foldText(keyword)));
  return { policy, version, source, loadedAt, keywords };
}
