// The records that anchor a chain besides its rows, and their MACs (anchor key, JCS of the record
// with a `kind`, the MAC itself left out):
// - a gap: seq numbers a batch took that was never written anywhere (its requests failed closed);
// - a prune: where a chain resumes after its oldest rows were deleted;
// - a checkpoint: a chain's head as published outside the database (log line, metric).
import type { ChainGapEntity, ChainPruneEntity } from './chain-records.entity';
import { hmacHex, jcs } from '../keys/audit-keys';
import type { AuditRow } from '../audit-row';

export type ChainGap = ChainGapEntity;
export type ChainPrune = Omit<ChainPruneEntity, 'updated_at'>;

/** `audit chain checkpoint`: the head of a chain, as its writer published it. */
export interface ChainCheckpoint {
  readonly chain_id: string;
  readonly seq: number;
  readonly head_hash: string;
  /** When it was published (ISO 8601). */
  readonly at: string;
  readonly mac: string;
}

/** The log message of a checkpoint line; `audit verify --checkpoints` looks for it. */
export const CHECKPOINT_MESSAGE = 'audit chain checkpoint';

/** Why seq numbers were given up: the batch could be made durable nowhere. */
export const GAP_REASON_UNAVAILABLE = 'audit_unavailable';

function mac(key: Buffer, kind: string, record: object): string {
  return hmacHex(key, jcs({ ...record, kind }));
}

export function gapOf(key: Buffer, rows: readonly AuditRow[], reason: string, at = new Date()): ChainGap {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const gap = {
    chain_id: first.chain_id,
    from_seq: first.seq,
    through_seq: last.seq,
    prev_hash: first.prev_hash,
    through_hash: last.hash,
    reason,
    created_at: at,
  };
  return { ...gap, mac: mac(key, 'gap', gap) };
}

export function gapMacValid(key: Buffer, gap: ChainGap): boolean {
  const { mac: given, ...record } = gap;
  return mac(key, 'gap', record) === given;
}

export function pruneOf(key: Buffer, chainId: string, throughSeq: number, throughHash: string): ChainPrune {
  const prune = { chain_id: chainId, pruned_through_seq: throughSeq, pruned_through_hash: throughHash };
  return { ...prune, mac: mac(key, 'prune', prune) };
}

export function pruneMacValid(key: Buffer, prune: ChainPrune): boolean {
  return pruneOf(key, prune.chain_id, prune.pruned_through_seq, prune.pruned_through_hash).mac === prune.mac;
}

export function checkpointOf(
  key: Buffer,
  head: { chain_id: string; seq: number; head_hash: string },
  at = new Date(),
): ChainCheckpoint {
  const checkpoint = {
    chain_id: head.chain_id,
    seq: head.seq,
    head_hash: head.head_hash,
    at: at.toISOString(),
  };
  return { ...checkpoint, mac: mac(key, 'checkpoint', checkpoint) };
}

export function checkpointMacValid(key: Buffer, checkpoint: ChainCheckpoint): boolean {
  const { mac: given, ...record } = checkpoint;
  return mac(key, 'checkpoint', record) === given;
}
