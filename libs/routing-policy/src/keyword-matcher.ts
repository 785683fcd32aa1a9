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

/** A growable Int32Array: the trie's size is known only once every keyword is in. */
class IntColumn {
  values = new Int32Array(1024);

  set(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Int32Array(Math.max(this.values.length * 2, index + 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }

  trimmed(length: number): Int32Array {
    return this.values.slice(0, length);
  }
}

export class KeywordMatcher {
  /** Trie nodes, by index; 0 is the root. Children are a linked list: first child, next sibling. */
  private readonly label: Uint16Array;
  private readonly firstChild: Int32Array;
  private readonly nextSibling: Int32Array;
  private readonly fail: Int32Array;
  /** How many keywords end at a node, including through failure links. */
  private readonly outputs: Int32Array;
  private readonly ends: Int32Array;
  /** The root's transitions as a dense table: most characters of a text start no keyword. */
  private readonly rootNext = new Int32Array(0x10000);
  /**
   * For ASCII, the complete automaton as a flat table (state * 128 + char -> next state * 128),
   * failure links already followed, upper case folded to lower and whitespace to a space, with a
   * twin for each state entered by a space so that a run of whitespace counts as one space.
   */
  private readonly ascii: Int32Array | undefined;
  /** `outputs` extended with the twins' (zero), indexed like the ASCII table's states. */
  private readonly asciiOutputs: Int32Array;
  readonly size: number;
  readonly nodeCount: number;

  /** Keywords must already be folded (lower case, whitespace collapsed) and non-empty. */
  constructor(keywords: readonly string[]) {
    const unique = new Set(keywords.filter((keyword) => keyword.length > 0));
    this.size = unique.size;
    const trie = buildTrie(unique);
    this.nodeCount = trie.count;
    this.label = trie.label;
    this.firstChild = trie.firstChild;
    this.nextSibling = trie.nextSibling;
    this.ends = trie.ends;
    for (let child = this.firstChild[0]!; child !== NONE; child = this.nextSibling[child]!) {
      this.rootNext[this.label[child]!] = child;
    }
    const order = this.breadthFirst();
    const links = this.link(order);
    this.fail = links.fail;
    this.outputs = links.outputs;
    const twins = order.filter((state) => this.label[state] === SPACE);
    const states = this.nodeCount + twins.length;
    this.ascii = states * ASCII <= MAX_TABLE_CELLS ? this.buildAsciiTable(order, twins) : undefined;
    this.asciiOutputs = new Int32Array(states);
    this.asciiOutputs.set(this.outputs);
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

  private child(state: number, code: number): number {
    for (let child = this.firstChild[state]!; child !== NONE; child = this.nextSibling[child]!) {
      if (this.label[child] === code) return child;
    }
    return NONE;
  }

  private breadthFirst(): number[] {
    const order: number[] = [];
    for (let child = this.firstChild[0]!; child !== NONE; child = this.nextSibling[child]!) order.push(child);
    for (let head = 0; head < order.length; head += 1) {
      for (let child = this.firstChild[order[head]!]!; child !== NONE; child = this.nextSibling[child]!) {
        order.push(child);
      }
    }
    return order;
  }

  /** Failure links in breadth-first order, with outputs inherited along them (in place of `ends`). */
  private link(order: readonly number[]): { fail: Int32Array; outputs: Int32Array } {
    const fail = new Int32Array(this.nodeCount);
    const outputs = this.ends;
    for (const state of order) {
      for (let child = this.firstChild[state]!; child !== NONE; child = this.nextSibling[child]!) {
        const code = this.label[child]!;
        let target = fail[state]!;
        let next = this.child(target, code);
        while (next === NONE && target !== 0) {
          target = fail[target]!;
          next = this.child(target, code);
        }
        fail[child] = next !== NONE && next !== child ? next : 0;
        outputs[child]! += outputs[fail[child]!]!;
      }
    }
    return { fail, outputs };
  }

  private buildAsciiTable(order: readonly number[], twins: readonly number[]): Int32Array {
    const table = new Int32Array((this.nodeCount + twins.length) * ASCII);
    for (let code = 0; code < ASCII; code += 1) table[code] = Math.max(this.child(0, code), 0) * ASCII;
    // Breadth-first, so a state's failure target (shallower) is complete before the state itself.
    for (const state of order) {
      const row = state * ASCII;
      const failRow = this.fail[state]! * ASCII;
      for (let code = 0; code < ASCII; code += 1) table[row + code] = table[failRow + code]!;
      for (let child = this.firstChild[state]!; child !== NONE; child = this.nextSibling[child]!) {
        if (this.label[child]! < ASCII) table[row + this.label[child]!] = child * ASCII;
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
  readonly label: Uint16Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  /** How many keywords end at each node. */
  readonly ends: Int32Array;
}

function buildTrie(keywords: Iterable<string>): Trie {
  const label = new IntColumn();
  const firstChild = new IntColumn();
  const nextSibling = new IntColumn();
  const ends = new IntColumn();
  firstChild.set(0, NONE);
  nextSibling.set(0, NONE);
  let count = 1;
  // The root's children through a dense table while building: the root has the most children.
  const rootChild = new Int32Array(0x10000).fill(NONE);
  for (const keyword of keywords) {
    let state = 0;
    for (let index = 0; index < keyword.length; index += 1) {
      const code = keyword.charCodeAt(index);
      let next = state === 0 ? rootChild[code]! : NONE;
      if (state !== 0) {
        for (let child = firstChild.values[state]!; child !== NONE; child = nextSibling.values[child]!) {
          if (label.values[child] === code) {
            next = child;
            break;
          }
        }
      }
      if (next === NONE) {
        next = count;
        count += 1;
        label.set(next, code);
        firstChild.set(next, NONE);
        nextSibling.set(next, firstChild.values[state]!);
        firstChild.set(state, next);
        ends.set(next, 0);
        if (state === 0) rootChild[code] = next;
      }
      state = next;
    }
    ends.set(state, ends.values[state]! + 1);
  }
  return {
    count,
    label: Uint16Array.from(label.trimmed(count)),
    firstChild: firstChild.trimmed(count),
    nextSibling: nextSibling.trimmed(count),
    ends: ends.trimmed(count),
  };
}
