// A nesting bound checked on the raw bytes before JSON.parse: one linear pass, no recursion, no
// allocation, so a hostile `[[[[…]]]]` costs a scan instead of a stack overflow in the validators.
// Figures: `npm run bench:json-depth` (docs/PERFORMANCE.md).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** The index of the quote that closes the string opened just before `from` (or the length). */
function endOfString(body: Uint8Array, from: number): number {
  let quote = body.indexOf(QUOTE, from);
  while (quote !== -1) {
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    quote = body.indexOf(QUOTE, quote + 1);
  }
  return body.length;
}

/**
 * True when the JSON text nests arrays and objects deeper than `max`. Brackets inside strings do
 * not count (strings are skipped with a native search, so long prompts cost little). UTF-8
 * continuation bytes are >= 0x80, so a byte scan never mistakes them for syntax.
 */
export function exceedsJsonDepth(body: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (byte === QUOTE) {
      index = endOfString(body, index + 1);
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return false;
}
