import { DurableHead } from './durable-head';
import { GENESIS_HASH } from './row-hash';

describe(DurableHead.name, () => {
  it('starts at seq 0 with the genesis hash', () => {
    expect(new DurableHead('c').head).toEqual({ chain_id: 'c', seq: 0, head_hash: GENESIS_HASH });
  });

  it('advances only over a prefix without holes, whatever order batches commit in', () => {
    const head = new DurableHead('c');
    expect(head.settle(4, 6, 'h6')).toBe(false); // the second batch in flight committed first
    expect(head.head.seq).toBe(0);
    expect(head.settle(1, 3, 'h3')).toBe(true);
    expect(head.head).toEqual({ chain_id: 'c', seq: 6, head_hash: 'h6' });
    expect(head.settle(9, 9, 'h9')).toBe(false); // 7..8 still on the spool
    expect(head.settle(7, 8, 'h8')).toBe(true);
    expect(head.head).toMatchObject({ seq: 9, head_hash: 'h9' });
  });

  it('ignores a range it already covers (a replayed batch)', () => {
    const head = new DurableHead('c');
    head.settle(1, 2, 'h2');
    expect(head.settle(1, 2, 'h2')).toBe(false);
    expect(head.head.seq).toBe(2);
  });
});
