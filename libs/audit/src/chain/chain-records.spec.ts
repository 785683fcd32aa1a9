import {
  checkpointMacValid,
  checkpointOf,
  gapMacValid,
  gapOf,
  pruneMacValid,
  pruneOf,
} from './chain-records';
import type { AuditRow } from '../audit-row';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

describe('chain records', () => {
  it('signs a checkpoint so that a changed field or another key fails', () => {
    const checkpoint = checkpointOf(key, { chain_id: 'c', seq: 10, head_hash: 'h' }, new Date(0));
    expect(checkpoint).toMatchObject({
      chain_id: 'c',
      seq: 10,
      head_hash: 'h',
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(checkpointMacValid(key, checkpoint)).toBe(true);
    expect(checkpointMacValid(key, { ...checkpoint, seq: 11 })).toBe(false);
    expect(checkpointMacValid(otherKey, checkpoint)).toBe(false);
  });

  it('makes a gap of a failed batch: its first prev_hash and last hash', () => {
    const rows = [
      { chain_id: 'c', seq: 4, prev_hash: 'h3', hash: 'h4' },
      { chain_id: 'c', seq: 5, prev_hash: 'h4', hash: 'h5' },
    ] as AuditRow[];
    const gap = gapOf(key, rows, 'audit_unavailable', new Date(0));
    expect(gap).toMatchObject({ from_seq: 4, through_seq: 5, prev_hash: 'h3', through_hash: 'h5' });
    expect(gapMacValid(key, gap)).toBe(true);
    expect(gapMacValid(key, { ...gap, through_seq: 9 })).toBe(false);
  });

  it('keeps a MAC of one kind from passing for another', () => {
    const prune = pruneOf(key, 'c', 5, 'h5');
    expect(pruneMacValid(key, prune)).toBe(true);
    const checkpoint = checkpointOf(key, { chain_id: 'c', seq: 5, head_hash: 'h5' }, new Date(0));
    expect(pruneMacValid(key, { ...prune, mac: checkpoint.mac })).toBe(false);
  });
});
