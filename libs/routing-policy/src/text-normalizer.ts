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
const COMBINING_MARK = /^[\p{Mn}\p{Me}]$/u;
/**
 * Which BMP code units are combining marks, decided once (a few ms at load): a regular expression
 * with a Unicode property class took 150 µs on a 16 KB text, this table's loop 30 µs.
 */
const BMP_MARKS = new Uint8Array(0x10000);
for (let unit = 0x300; unit < 0x10000; unit += 1) {
  if (unit < 0xd800 || unit > 0xdfff)
    BMP_MARKS[unit] = COMBINING_MARK.test(String.fromCharCode(unit)) ? 1 : 0;
}
/** Whitespace that is not already one plain space: runs, and single tabs, line breaks, NBSPs… */
const WHITESPACE_RUNS = /\s{2,}|[^\S ]/g;

/** Prototype by source code point (every source is one non-ASCII code point). */
const CONFUSABLES = new Map(CONFUSABLE_PAIRS.map(([source, target]) => [source.codePointAt(0)!, target]));

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
  if (options.confusables) folded = mapConfusables(folded);
  if (options.strip_marks) folded = stripMarks(folded);
  return folded.replace(WHITESPACE_RUNS, ' ');
}

/** The text with each code point from `from` up replaced where `replace` says (undefined: kept). */
function replaceCodePoints(
  text: string,
  from: number,
  replace: (point: number) => string | undefined,
): string {
  let out = '';
  let copied = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) < from) continue;
    const point = text.codePointAt(index)!;
    const width = point > 0xffff ? 2 : 1;
    const replacement = replace(point);
    if (replacement !== undefined) {
      out += text.slice(copied, index) + replacement;
      copied = index + width;
    }
    index += width - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Each non-ASCII character with a TR39 prototype replaced by it. A loop, not a regular expression:
 * a character class of 6,500 code points made the scan of a 16 KB text take milliseconds.
 */
const mapConfusables = (text: string) => replaceCodePoints(text, 0x80, (point) => CONFUSABLES.get(point));

/** The text without combining marks (nonspacing and enclosing), astral ones included. */
const stripMarks = (text: string) =>
  replaceCodePoints(text, 0x300, (point) =>
    (point <= 0xffff ? BMP_MARKS[point] === 1 : COMBINING_MARK.test(String.fromCodePoint(point)))
      ? ''
      : undefined,
  );

/** Characters as the original Policy Mesh counted them: Unicode code points. */
export function countCodePoints(text: string): number {
  // Only astral characters (emoji, rare scripts) take two code units; most text has none.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  return text.length - (text.match(HIGH_SURROGATES)?.length ?? 0);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
const HIGH_SURROGATES = /[\uD800-\uDBFF]/g;
