// Aho–Corasick: every keyword found in one pass over the text, so 10,000 keywords cost about what
// 3 do. Keywords and text are folded the same way (text-normalizer.ts) before they meet. The trie
// lives in typed arrays (about 18 bytes a node) so the largest accepted policy stays small in the
// heap (docs/POLICY.md, "Limits").

const ASCII = 128;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const SPACE = 0x20;
/** The ASCII whitespace of `\s`: tab, line feed, vertical tab, form feed, carriage return. */
const ASCII_WHITESPACE = [0x09, 0x0a, 0x0b, 0x0c, 0x0d];
/** The ASCII table is built while it stays under 32 MB (about 65,000 trie nodes). */
const MAX_TABLE_CELLS = 8 * 1024 * 1024;
const NONE = -1;

export class KeywordMatcher {
  /** Trie nodes, by index; 0 is the root. See Trie for the layout. */
  private readonly childStart: Int32Array;
  private readonly childNode: Int32Array;
  private readonly childLabel: Uint16Array;
  private readonly fail: Int32Array;
  /** How many keywords end at a node, including through failure links. */
  private readonly outputs: Int32Array;
  /** The root's transitions as a dense table: most characters of a text start no keyword. */
  private readonly rootNext = new Int32Array(0x10000);
  /**
   * For ASCII, the complete automaton as a flat table (state * 128 + char -> next state * 128),
   * failure links already followed, upper case folded to lower and whitespace to a space, with a
   * twin for each state entered by a space so that a run of whitespace counts as one space.
   */
  private readonly ascii: Int32Array | undefined;
  /** `outputs` extended with the twins' (zero), indexed like the ASCII table's states. */
  private asciiOutputs: Int32Array;
  readonly size: number;
  readonly nodeCount: number;

  /** Keywords must already be folded (lower case, whitespace collapsed) and non-empty. */
  constructor(keywords: readonly string[]) {
    const unique = new Set(keywords.filter((keyword) => keyword.length > 0));
    this.size = unique.size;
    const trie = buildTrie(unique);
    this.nodeCount = trie.count;
    this.childStart = trie.childStart;
    this.childNode = trie.childNode;
    this.childLabel = trie.childLabel;
    for (let slot = 0; slot < trie.childStart[1]!; slot += 1)
      this.rootNext[trie.childLabel[slot]!] = trie.childNode[slot]!;
    const order = this.breadthFirst();
    this.fail = new Int32Array(this.nodeCount);
    this.outputs = trie.ends;
    this.link(order);
    const twins = order.filter((state) => trie.label[state] === SPACE);
    const states = this.nodeCount + twins.length;
    this.ascii = states * ASCII <= MAX_TABLE_CELLS ? this.buildAsciiTable(order, twins) : undefined;
    this.asciiOutputs = this.outputs;
    if (this.ascii !== undefined && twins.length > 0) {
      this.asciiOutputs = new Int32Array(states);
      this.asciiOutputs.set(this.outputs);
    }
  }

  /** Number of keyword occurrences in the (already folded) text. */
  countMatches(text: string): number {
    if (this.size === 0) return 0;
    const outputs = this.outputs;
    const ascii = this.ascii;
    const rootNext = this.rootNext;
    let state = 0;
    let matches = 0;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      // Folded text has no whitespace run, so a space-twin state is never entered here.
      if (ascii !== undefined && code < ASCII) {
        state = ascii[state * ASCII + code]! / ASCII;
        matches += outputs[state]!;
        continue;
      }
      let next = NONE;
      while (state !== 0) {
        next = this.child(state, code);
        if (next !== NONE) break;
        state = this.fail[state]!;
      }
      state = state === 0 ? rootNext[code]! : next;
      matches += outputs[state]!;
    }
    return matches;
  }

  /**
   * Number of keyword occurrences in a raw text that is all ASCII — which every folding step but
   * lower case and whitespace collapsing leaves unchanged, and those two the table does — so the
   * common case needs no copy of the text. Undefined at the first non-ASCII character: the caller
   * then folds the text and uses countMatches.
   */
  countAsciiMatches(text: string): number | undefined {
    const table = this.ascii;
    if (table === undefined) return undefined;
    const outputs = this.asciiOutputs;
    let offset = 0;
    let matches = 0;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= ASCII) return undefined;
      offset = table[offset + code]!;
      matches += outputs[offset >> 7]!;
    }
    return matches;
  }

  /** The child of `state` by `code`, or NONE: a binary search of its row. */
  private child(state: number, code: number): number {
    let low = this.childStart[state]!;
    let high = this.childStart[state + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.childLabel[middle]!;
      if (found === code) return this.childNode[middle]!;
      if (found < code) low = middle + 1;
      else high = middle - 1;
    }
    return NONE;
  }

  private breadthFirst(): Int32Array {
    const order = new Int32Array(Math.max(0, this.nodeCount - 1));
    let tail = 0;
    for (let slot = this.childStart[0]!; slot < this.childStart[1]!; slot += 1)
      order[tail++] = this.childNode[slot]!;
    for (let head = 0; head < tail; head += 1) {
      const state = order[head]!;
      for (let slot = this.childStart[state]!; slot < this.childStart[state + 1]!; slot += 1) {
        order[tail++] = this.childNode[slot]!;
      }
    }
    return order;
  }

  /** Failure links in breadth-first order, with outputs inherited along them. */
  private link(order: Int32Array): void {
    const { fail, outputs, childStart, childNode, childLabel, rootNext } = this;
    for (let index = 0; index < order.length; index += 1) {
      const state = order[index]!;
      for (let slot = childStart[state]!; slot < childStart[state + 1]!; slot += 1) {
        const child = childNode[slot]!;
        const code = childLabel[slot]!;
        let target = fail[state]!;
        let next = target === 0 ? rootNext[code]! || NONE : this.child(target, code);
        while (next === NONE && target !== 0) {
          target = fail[target]!;
          next = target === 0 ? rootNext[code]! || NONE : this.child(target, code);
        }
        fail[child] = next !== NONE && next !== child ? next : 0;
        outputs[child]! += outputs[fail[child]]!;
      }
    }
  }

  private buildAsciiTable(order: Int32Array, twins: Int32Array): Int32Array {
    const table = new Int32Array((this.nodeCount + twins.length) * ASCII);
    for (let code = 0; code < ASCII; code += 1) table[code] = Math.max(this.child(0, code), 0) * ASCII;
    // Breadth-first, so a state's failure target (shallower) is complete before the state itself.
    for (const state of order) {
      const row = state * ASCII;
      const failRow = this.fail[state]! * ASCII;
      for (let code = 0; code < ASCII; code += 1) table[row + code] = table[failRow + code]!;
      for (let slot = this.childStart[state]!; slot < this.childStart[state + 1]!; slot += 1) {
        const code = this.childLabel[slot]!;
        if (code < ASCII) table[row + code] = this.childNode[slot]! * ASCII;
      }
    }
    // Folded keywords hold no upper-case ASCII and no whitespace but a space: 'A' steps as 'a'
    // does, and a tab or a line feed as a space.
    for (let row = 0; row < this.nodeCount * ASCII; row += ASCII) {
      for (let code = UPPER_A; code <= UPPER_Z; code += 1) table[row + code] = table[row + code + 32]!;
      for (const code of ASCII_WHITESPACE) table[row + code] = table[row + SPACE]!;
    }
    // A state entered by a space steps on further whitespace to its twin: the same transitions,
    // whitespace staying put, and no outputs (the keywords ending there were counted once).
    twins.forEach((state, index) => {
      const twin = (this.nodeCount + index) * ASCII;
      table.copyWithin(twin, state * ASCII, state * ASCII + ASCII);
      for (const code of [SPACE, ...ASCII_WHITESPACE]) {
        table[twin + code] = twin;
        table[state * ASCII + code] = twin;
      }
    });
    return table;
  }
}

interface Trie {
  readonly count: number;
  /** The label of the edge into each node (the root's is unused). */
  readonly label: Uint16Array;
  /** Each node's children are `childNode[childStart[n] .. childStart[n + 1])`, sorted by label. */
  readonly childStart: Int32Array;
  readonly childNode: Int32Array;
  readonly childLabel: Uint16Array;
  /** How many keywords end at each node. */
  readonly ends: Int32Array;
}

/**
 * The trie of the keywords, built from their sorted list: each keyword shares its path with the
 * previous one up to their common prefix and adds nodes after it, so building needs no lookups,
 * and every node's children come out in label order.
 */
function buildTrie(keywords: Iterable<string>): Trie {
  const sorted = [...keywords].sort();
  let count = 1;
  for (let index = 0; index < sorted.length; index += 1) {
    count += sorted[index]!.length - commonPrefix(sorted[index - 1] ?? '', sorted[index]!);
  }
  const parent = new Int32Array(count);
  const label = new Uint16Array(count);
  const ends = new Int32Array(count);
  const path = new Int32Array(sorted.reduce((longest, keyword) => Math.max(longest, keyword.length), 0) + 1);
  let next = 1;
  for (let index = 0; index < sorted.length; index += 1) {
    const keyword = sorted[index]!;
    for (let depth = commonPrefix(sorted[index - 1] ?? '', keyword); depth < keyword.length; depth += 1) {
      parent[next] = path[depth]!;
      label[next] = keyword.charCodeAt(depth);
      path[depth + 1] = next;
      next += 1;
    }
    ends[path[keyword.length]!]! += 1;
  }
  // Children in compressed rows: nodes were made in sorted order, so each row is in label order.
  const childStart = new Int32Array(count + 1);
  for (let node = 1; node < count; node += 1) childStart[parent[node]! + 1]! += 1;
  for (let node = 0; node < count; node += 1) childStart[node + 1]! += childStart[node]!;
  const filled = childStart.slice(0, count);
  const childNode = new Int32Array(Math.max(0, count - 1));
  const childLabel = new Uint16Array(Math.max(0, count - 1));
  for (let node = 1; node < count; node += 1) {
    const slot = filled[parent[node]!]!;
    filled[parent[node]!] = slot + 1;
    childNode[slot] = node;
    childLabel[slot] = label[node]!;
  }
  return { count, label, childStart, childNode, childLabel, ends };
}

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) index += 1;
  return index;
}
