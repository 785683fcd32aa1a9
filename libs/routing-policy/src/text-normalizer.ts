// The form of the text every matcher sees, so look-alike and invisible characters cannot hide a
// keyword: Unicode format characters (zero-width space, joiners, soft hyphen, BOM…) removed, then
// NFKC (full-width and compatibility forms become plain), then lower case for keywords.

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** NFKC with format characters removed; case kept (credential patterns are case-sensitive). */
export function normalizeText(text: string): string {
  // ASCII is already NFKC and has no format characters: skip the expensive part on the common path.
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(FORMAT_CHARACTERS, '').normalize('NFKC').replace(FORMAT_CHARACTERS, '');
}

/** The normalized text, case-folded: what keywords are matched against. */
export function foldText(text: string): string {
  return normalizeText(text).toLowerCase();
}

/** Characters as the original Policy Mesh counted them: Unicode code points. */
export function countCodePoints(text: string): number {
  // Only astral characters (emoji, rare scripts) take two code units; most text has none.
  if (!HIGH_SURROGATE.test(text)) return text.length;
  return text.length - (text.match(HIGH_SURROGATES)?.length ?? 0);
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
const HIGH_SURROGATES = /[\uD800-\uDBFF]/g;
