// Aho–Corasick: every keyword found in one pass over the text, so 10,000 keywords cost about what
// 3 do. Keywords and text are folded the same way (text-normalizer.ts) before they meet.

const ASCII = 128;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const MAX_TABLE_CELLS = 8 * 1024 * 1024;

interface TrieNode {
  readonly next: Map<number, number>;
  fail: number;
  /** How many keywords end here, including through failure links. */
  outputs: number;
}

export class KeywordMatcher {
  private readonly nodes: TrieNode[] = [{ next: new Map(), fail: 0, outputs: 0 }];
  /** The root's transitions as a dense table: most characters of a text start no keyword. */
  private readonly rootNext = new Int32Array(0x10000);
  /**
   * For ASCII, the complete automaton as a flat table (state * 128 + char -> next state * 128),
   * failure links already followed and upper case folded to lower: one array read per character.
   * Built only while it stays under 32 MB.
   */
  private readonly ascii: Int32Array | undefined;
  private readonly outputs: Int32Array;
  readonly size: number;
  private order: number[] = [];

  constructor(keywords: readonly string[]) {
    const unique = new Set(keywords.filter((keyword) => keyword.length > 0));
    this.size = unique.size;
    for (const keyword of unique) this.insert(keyword);
    this.link();
    for (const [code, child] of this.nodes[0]!.next) this.rootNext[code] = child;
    this.outputs = Int32Array.from(this.nodes, (node) => node.outputs);
    this.ascii = this.nodes.length * ASCII <= MAX_TABLE_CELLS ? this.buildAsciiTable() : undefined;
  }

  /** Number of keyword occurrences in the (already folded) text. */
  countMatches(text: string): number {
    if (this.size === 0) return 0;
    const nodes = this.nodes;
    const outputs = this.outputs;
    const ascii = this.ascii;
    let state = 0;
    let matches = 0;
    const rootNext = this.rootNext;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (ascii !== undefined && code < ASCII) {
        state = ascii[state * ASCII + code]! / ASCII;
        matches += outputs[state]!;
        continue;
      }
      let next: number | undefined;
      while (state !== 0) {
        next = nodes[state]!.next.get(code);
        if (next !== undefined) break;
        state = nodes[state]!.fail;
      }
      state = state === 0 ? rootNext[code]! : next!;
      matches += outputs[state]!;
    }
    return matches;
  }

  /**
   * Number of keyword occurrences in a raw text that is all ASCII — which NFKC and format-character
   * removal leave unchanged, and whose case the table folds — so the common case needs no copy of
   * the text. Undefined at the first non-ASCII character: the caller then folds the text and uses
   * countMatches.
   */
  countAsciiMatches(text: string): number | undefined {
    const table = this.ascii;
    if (table === undefined) return undefined;
    const outputs = this.outputs;
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

  private insert(keyword: string): void {
    let state = 0;
    for (let index = 0; index < keyword.length; index += 1) {
      const code = keyword.charCodeAt(index);
      let next = this.nodes[state]!.next.get(code);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, outputs: 0 });
        this.nodes[state]!.next.set(code, next);
      }
      state = next;
    }
    this.nodes[state]!.outputs += 1;
  }

  private buildAsciiTable(): Int32Array {
    const table = new Int32Array(this.nodes.length * ASCII);
    for (let code = 0; code < ASCII; code += 1) {
      table[code] = (this.nodes[0]!.next.get(code) ?? 0) * ASCII;
    }
    // Breadth-first, so a state's failure target (shallower) is complete before the state itself.
    for (const state of this.order) {
      const node = this.nodes[state]!;
      for (let code = 0; code < ASCII; code += 1) {
        const next = node.next.get(code);
        table[state * ASCII + code] = next !== undefined ? next * ASCII : table[node.fail * ASCII + code]!;
      }
    }
    // Folded keywords hold no upper-case ASCII, so 'A' may step exactly as 'a' does.
    for (let offset = 0; offset < table.length; offset += ASCII) {
      for (let code = UPPER_A; code <= UPPER_Z; code += 1) table[offset + code] = table[offset + code + 32]!;
    }
    return table;
  }

  /** Breadth-first failure links, with outputs inherited along them. */
  private link(): void {
    const queue: number[] = [...this.nodes[0]!.next.values()];
    this.order = queue;
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head]!;
      for (const [code, child] of this.nodes[state]!.next) {
        let fail = this.nodes[state]!.fail;
        while (fail !== 0 && !this.nodes[fail]!.next.has(code)) fail = this.nodes[fail]!.fail;
        const target = this.nodes[fail]!.next.get(code);
        this.nodes[child]!.fail = target !== undefined && target !== child ? target : 0;
        this.nodes[child]!.outputs += this.nodes[this.nodes[child]!.fail]!.outputs;
        queue.push(child);
      }
    }
  }
}
