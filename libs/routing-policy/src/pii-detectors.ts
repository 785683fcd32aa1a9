// PII and credential detectors. Each reports how often it fired, never what it saw. Where a
// checksum exists (cards: Luhn, IBAN: mod-97) a match must pass it, which keeps order numbers
// and the like from pinning prompts to local for nothing.

export const DETECTOR_NAMES = [
  'email',
  'payment_card',
  'iban',
  'us_ssn',
  'phone',
  'openai_key',
  'aws_access_key',
  'github_token',
  'private_key',
  'jwt',
] as const;

export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** `credentials` in a policy file enables every credential detector at once. */
export const CREDENTIAL_DETECTORS: readonly DetectorName[] = [
  'openai_key',
  'aws_access_key',
  'github_token',
  'private_key',
  'jwt',
];

interface Detector {
  readonly pattern: RegExp;
  /** A cheap test that any match needs; most text fails it, and the full pattern never runs. */
  readonly quick: RegExp | string;
  readonly accept?: (match: string) => boolean;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

export function passesIbanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function acceptCard(match: string): boolean {
  const digits = match.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return passesLuhn(digits);
}

function acceptIban(match: string): boolean {
  const compact = match.replace(/ /g, '').toUpperCase();
  return compact.length >= 15 && compact.length <= 34 && passesIbanChecksum(compact);
}

const DETECTORS: Readonly<Record<DetectorName, Detector>> = {
  // Bounded on the left so the scan does not retry a long word run at every position.
  email: {
    quick: '@',
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  },
  payment_card: {
    quick: /\d{4}[ -]?\d{4}/,
    pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: acceptCard,
  },
  iban: { quick: /[A-Z]{2}\d{2}/, pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, accept: acceptIban },
  us_ssn: {
    quick: /\d{3}-\d{2}-/,
    pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
  },
  phone: {
    quick: /\d[ .)-] ?\d{3,4}[ .-]\d{3}|\+\d{8}/,
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4}(?![\w-])|(?<![\w+])\+\d{8,15}(?!\w)/g,
  },
  openai_key: { quick: 'sk-', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  aws_access_key: { quick: /A[KS]IA/, pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  github_token: {
    quick: /gh[pousr]_|github_pat_/,
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g,
  },
  private_key: { quick: 'PRIVATE KEY', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g },
  // '.eyJ' (the payload's start) is a rarer needle than 'eyJ', so text without a token is passed faster.
  jwt: { quick: '.eyJ', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
};

/** Counts, per enabled detector, the matches in the text; detectors that found nothing are left out. */
export function runDetectors(text: string, enabled: readonly DetectorName[]): Record<string, number> {
  const hits: Record<string, number> = {};
  for (const name of enabled) {
    const detector = DETECTORS[name];
    const possible =
      typeof detector.quick === 'string' ? text.includes(detector.quick) : detector.quick.test(text);
    if (!possible) continue;
    let count = 0;
    for (const match of text.matchAll(detector.pattern)) {
      if (detector.accept === undefined || detector.accept(match[0])) count += 1;
    }
    if (count > 0) hits[name] = count;
  }
  return hits;
}
