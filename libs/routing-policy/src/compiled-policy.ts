// A policy made ready for decisions: validated, defaults applied, versioned, matchers built once.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { KeywordMatcher } from './keyword-matcher';
import type { ParsedPolicy, Policy } from './policy-parser';
import { foldText } from './text-normalizer';

export type PolicySource = { readonly kind: 'builtin' } | { readonly kind: 'file'; readonly path: string };

export interface CompiledPolicy {
  readonly policy: Policy;
  /**
   * SHA-256 (hex) of the RFC 8785 (JCS) canonical JSON of the effective policy: anyone can
   * recompute it from the effective policy with any JCS implementation.
   */
  readonly version: string;
  readonly source: PolicySource;
  readonly loadedAt: Date;
  readonly keywords: KeywordMatcher;
  /** Unknown keys of the file, ignored (docs/POLICY.md, "Unknown keys"). */
  readonly warnings: readonly string[];
}

export function policyVersion(policy: Policy): string {
  return createHash('sha256').update(canonicalize(policy)!).digest('hex');
}

export function compilePolicy(
  { policy, warnings }: ParsedPolicy,
  source: PolicySource,
  loadedAt = new Date(),
): CompiledPolicy {
  const { keywords, normalization } = policy.sensitivity;
  const matcher = new KeywordMatcher(keywords.map((keyword) => foldText(keyword, normalization)));
  return { policy, version: policyVersion(policy), source, loadedAt, keywords: matcher, warnings };
}
