// The head of what this process's chain has in the database: the highest seq such that it and
// every seq before it is a committed row or a committed gap record. Batches commit out of order
// (two in flight, replays later), so ranges that arrive early wait here until the prefix reaches them.
import { GENESIS_HASH } from './row-hash';

export interface ChainHead {
  readonly chain_id: string;
  readonly seq: number;
  readonly head_hash: string;
}

export class DurableHead {
  private through = 0;
  private hash = GENESIS_HASH;
  private readonly early = new Map<number, { through: number; hash: string }>();

  constructor(readonly chainId: string) {}

  get head(): ChainHead {
    return { chain_id: this.chainId, seq: this.through, head_hash: this.hash };
  }

  /** Seq `from`..`through` are committed, the last with `hash`. Returns whether the head moved. */
  settle(from: number, through: number, hash: string): boolean {
    if (through <= this.through) return false;
    this.early.set(from, { through, hash });
    let moved = false;
    for (
      let next = this.early.get(this.through + 1);
      next !== undefined;
      next = this.early.get(this.through + 1)
    ) {
      this.early.delete(this.through + 1);
      this.through = next.through;
      this.hash = next.hash;
      moved = true;
    }
    return moved;
  }
}
