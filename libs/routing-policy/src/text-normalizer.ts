// The forms of the text the matchers see, so invisible, decorated and look-alike characters cannot
// hide a keyword (docs/POLICY.md, "What matching sees"). Detectors see the text with format
// characters removed and NFKC applied, case kept (credential formats are case-sensitive). Keywords
// (and the text they are matched against) are folded further: the Turkish dotted capital I and
// lower case, then, as the policy's `sensitivity.normalization` says, combining marks stripped and
// look-alike characters mapped to their TR39 prototype, then whitespace runs collapsed to one space.
import { CONFUSABLE_PAIRS } from './confusables.data';

export interface NormalizationOptions {
  /** Strip combining marks (after NFD): `c\u0301onfidential` matches `confidential`. */
  readonly strip_marks: boolean;
  /** Map look-alike characters from other scripts (TR39 confusables): Cyrillic `а` matches `a`. */
  readonly confusables: boolean;
}

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;
const DOTTED_CAPITAL_I = /\u0130/g;
const COMBINING_MARKS = /[\p{Mn}\p{Me}]/gu;
const WHITESPACE_RUNS = /\s+/g;

const CONFUSABLES = new Map(CONFUSABLE_PAIRS);
const CONFUSABLE_SOURCES = new RegExp(
  `[${CONFUSABLE_PAIRS.map(([source]) => `\\u{${source.codePointAt(0)!.toString(16)}}`).join('')}]`,
  'gu',
);

/** NFKC with format characters removed; case kept (credential patterns are case-sensitive). */
export function normalizeText(text: string): string {
  // ASCII is already NFKC and has no format characters: skip the expensive part on the common path.
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(FORMAT_CHARACTERS, '').normalize('NFKC').replace(FORMAT_CHARACTERS, '');
}

/**
 * The form keywords are matched in. For ASCII text it is only lower case and collapsed whitespace,
 * which the keyword matcher's ASCII table does by itself: the table is not applied to ASCII, so
 * ASCII look-alikes (1/l, rn/m) are out of scope by design.
 */
export function foldText(text: string, options: NormalizationOptions): string {
  return foldNormalizedText(normalizeText(text), options);
}

/** foldText for a text normalizeText has already been applied to. */
export function foldNormalizedText(normalized: string, options: NormalizationOptions): string {
  // İ lower-cases to i + U+0307 (combining dot above), which would not match an `i` without mark stripping.
  let folded = normalized.replace(DOTTED_CAPITAL_I, 'i').toLowerCase();
  if (options.strip_marks || options.confusables) folded = folded.normalize('NFD');
  if (options.confusables) folded = folded.replace(CONFUSABLE_SOURCES, (char) => CONFUSABLES.get(char)!);
  if (options.strip_marks) folded = folded.replace(COMBINING_MARKS, '');
  return folded.replace(WHITESPACE_RUNS, ' ');
}

/** Characters as the original Policy Mesh counted them: Unicode code points. */
export function countCodePoints(text: string): number {
  // Only astral characters (emoji, rare scripts) take two code units; most text has none.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  return text.length - (text.match(HIGH_SURROGATES)?.length ?? 0);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
const HIGH_SURROGATES = /[\uD800-\uDBFF]/g;
