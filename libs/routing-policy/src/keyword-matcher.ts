// Aho–Corasick: every keyword found in one pass over the text, so 10,000 keywords cost about what
// 3 do. Keywords and text are folded the same way (text-normalizer.ts) before they meet.

interface TrieNode {
  readonly next: Map<number, number>;
  fail: number;
  /** How many keywords end here, including through failure links. */
  outputs: number;
}

export class KeywordMatcher {
  private readonly nodes: TrieNode[] = [{ next: new Map(), fail: 0, outputs: 0 }];
  readonly size: number;

  constructor(keywords: readonly string[]) {
    const unique = new Set(keywords.filter((keyword) => keyword.length > 0));
    this.size = unique.size;
    for (const keyword of unique) this.insert(keyword);
    this.link();
  }

  /** Number of keyword occurrences in the (already folded) text. */
  countMatches(text: string): number {
    if (this.size === 0) return 0;
    const nodes = this.nodes;
    let state = 0;
    let matches = 0;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      let next = nodes[state]!.next.get(code);
      while (next === undefined && state !== 0) {
        state = nodes[state]!.fail;
        next = nodes[state]!.next.get(code);
      }
      state = next ?? 0;
      matches += nodes[state]!.outputs;
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

  /** Breadth-first failure links, with outputs inherited along them. */
  private link(): void {
    const queue: number[] = [...this.nodes[0]!.next.values()];
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
