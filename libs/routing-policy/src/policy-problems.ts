// class-validator's findings as one line each, named by JSON path: wrong values are problems
// (the policy is refused), unknown keys are warnings (ignored, but a typo must not go unseen).
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { EACH_ITEM } from './policy-document';

export interface PolicyFindings {
  readonly problems: string[];
  readonly warnings: string[];
}

const WHITELIST = 'whitelistValidation';
const NESTED = 'nestedValidation';
const IS_OBJECT = 'isObject';
const IS_DEFINED = 'isDefined';

export function describeFindings(errors: readonly ValidationError[]): PolicyFindings {
  const findings: PolicyFindings = { problems: [], warnings: [] };
  for (const error of errors) collect(error, '', findings);
  return findings;
}

function collect(error: ValidationError, parent: string, findings: PolicyFindings): void {
  const path = parent === '' ? error.property : `${parent}.${error.property}`;
  const all = error.constraints ?? {};
  // A missing key is only missing: "must be an object" would say the same thing again.
  const constraints = IS_DEFINED in all ? { [IS_DEFINED]: all[IS_DEFINED] } : all;
  for (const [constraint, message] of Object.entries(constraints)) {
    // A section that is not an object says so once (its `must be an object`), not twice.
    if (constraint === NESTED && IS_OBJECT in constraints) continue;
    if (constraint === WHITELIST) findings.warnings.push(unknownKey(path, error));
    else if (constraint === EACH_ITEM)
      for (const line of message.split('\n')) findings.problems.push(`${path}.${line}`);
    else findings.problems.push(`${path}: ${message}`);
  }
  for (const child of error.children ?? []) collect(child, path, findings);
}

function unknownKey(path: string, error: ValidationError): string {
  const known = knownKeys(error.target);
  const nearest = nearestName(error.property, known);
  const hint =
    nearest === undefined
      ? `known keys here: ${known.map((name) => `\`${name}\``).join(', ')}`
      : `did you mean \`${nearest}\`?`;
  return `${path}: unknown key, ignored; ${hint}`;
}

function knownKeys(target: object | undefined): string[] {
  if (target === undefined) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

/** The known name closest to a misspelt one, when it is close enough to be what was meant. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // A third of the name may be wrong: `sensitivty`, `keyword`, `max_prompt_lenght_for_local`.
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
