// Walks every chain in seq order, a page at a time, recomputing each row's keyed hash, and checks
// the chains against checkpoints published outside the database. Reports the first row that was
// altered (its hash no longer matches its fields), removed (a seq missing that no valid gap record
// explains) or inserted (a row whose prev_hash does not follow its predecessor), and the first
// chain whose tail (or whole self) is gone although a checkpoint saw it.
import { Injectable } from '@nestjs/common';
import { toAuditRow } from '../audit-row';
import { AuditDatabase } from '../database/audit-database';
import { AuditKeys } from '../keys/audit-keys';
import type { ChainGapEntity, ChainPruneEntity } from './chain-records.entity';
import {
  checkpointMacValid,
  gapMacValid,
  pruneMacValid,
  type ChainGap,
  type ChainPrune,
} from './chain-records';
import { GENESIS_HASH, rowHash } from './row-hash';

export type ChainProblemKind =
  | 'altered'
  | 'removed'
  | 'inserted'
  | 'truncated'
  | 'missing_chain'
  | 'bad_checkpoint';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  readonly chain_id: string;
  readonly seq: number;
  readonly request_id: string | null;
  readonly detail: string;
}

/** A chain's head as seen outside the database: a checkpoint log line (signed) or a metric. */
export interface CheckpointClaim {
  readonly source: 'log' | 'prometheus';
  readonly chain_id: string;
  readonly seq: number;
  /** Log lines carry the head's hash and a MAC; the metric carries the seq alone. */
  readonly head_hash?: string;
  readonly at?: string;
  readonly mac?: string;
}

export interface VerifyOptions {
  readonly checkpoints?: readonly CheckpointClaim[];
  readonly onProgress?: (progress: VerifyProgress) => void;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly chains: number;
  readonly rows: number;
  /** Recorded gaps: seq ranges never written because their requests failed closed. */
  readonly gaps: number;
  /** Checkpoints the chains were checked against. */
  readonly checkpoints: number;
  readonly problem: ChainProblem | null;
}

export interface VerifyProgress {
  readonly rowsChecked: number;
  readonly rowsTotal: number;
}

interface ChainWalk {
  readonly head: { seq: number; hash: string };
  /** Nothing of the chain is in the database: no row, no prune record, no gap record. */
  readonly empty: boolean;
  readonly prunedThrough: number;
  /** The chain's hash at the seqs the checkpoints name. */
  readonly hashes: Map<number, string>;
}

const PAGE = 2000;

@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly database: AuditDatabase,
    private readonly keys: AuditKeys,
  ) {}

  async verifyChains(options: VerifyOptions = {}): Promise<VerifyReport> {
    const chainKey = this.keys.chainKey('verify');
    const anchorKey = this.keys.anchorKey('verify');
    const dataSource = await this.database.connection();
    let rowsChecked = 0;
    let gapCount = 0;
    const claims = new Map<string, Map<number, string | null>>();
    const summary = (problem: ChainProblem | null, chains: number): VerifyReport => ({
      ok: problem === null,
      chains,
      rows: rowsChecked,
      gaps: gapCount,
      checkpoints: options.checkpoints?.length ?? 0,
      problem,
    });
    for (const claim of options.checkpoints ?? []) {
      if (claim.source === 'log' && !signedCheckpointValid(anchorKey, claim)) {
        const detail = `checkpoint line at ${claim.at ?? '?'} has an invalid MAC (forged, or another key)`;
        return summary(
          { kind: 'bad_checkpoint', chain_id: claim.chain_id, seq: claim.seq, request_id: null, detail },
          0,
        );
      }
      const seqs = claims.get(claim.chain_id) ?? new Map<number, string | null>();
      if (claim.head_hash !== undefined || !seqs.has(claim.seq)) seqs.set(claim.seq, claim.head_hash ?? null);
      claims.set(claim.chain_id, seqs);
    }

    const [counted]: { count: string }[] = await dataSource.query(
      'SELECT count(*) AS count FROM audit_events',
    );
    const rowsTotal = Number(counted?.count ?? 0);
    const pruneRows: ChainPruneEntity[] = await dataSource.query('SELECT * FROM audit_chain_prunes');
    const prunes = new Map<string, ChainPrune>(
      pruneRows.map((raw) => [raw.chain_id, { ...raw, pruned_through_seq: Number(raw.pruned_through_seq) }]),
    );
    const gaps = new Map<string, ChainGap[]>();
    const gapRows: ChainGapEntity[] = await dataSource.query(
      'SELECT * FROM audit_chain_gaps ORDER BY chain_id, from_seq',
    );
    for (const raw of gapRows) {
      const gap = { ...raw, from_seq: Number(raw.from_seq), through_seq: Number(raw.through_seq) };
      gaps.set(gap.chain_id, [...(gaps.get(gap.chain_id) ?? []), gap]);
    }
    const stored: { chain_id: string }[] = await dataSource.query(
      'SELECT DISTINCT chain_id FROM audit_events',
    );
    const chainIds = [
      ...new Set([...stored.map((row) => row.chain_id), ...prunes.keys(), ...gaps.keys(), ...claims.keys()]),
    ].sort();

    for (const chainId of chainIds) {
      const wanted = claims.get(chainId) ?? new Map<number, string | null>();
      const prune = prunes.get(chainId);
      if (prune !== undefined && !pruneMacValid(anchorKey, prune)) {
        const detail = 'the prune record has an invalid MAC';
        return summary(
          { kind: 'altered', chain_id: chainId, seq: prune.pruned_through_seq, request_id: null, detail },
          chainIds.length,
        );
      }
      let start = { seq: prune?.pruned_through_seq ?? 0, hash: prune?.pruned_through_hash ?? GENESIS_HASH };
      const hashes = new Map<number, string>();
      if (prune !== undefined) hashes.set(start.seq, start.hash);
      const chainGaps = (gaps.get(chainId) ?? []).filter((gap) => gap.through_seq > start.seq);
      let nextGap = 0;
      // Gap records that start where the chain stands are followed; one that starts earlier overlaps rows.
      const followGaps = (): ChainProblem | null => {
        for (
          let gap = chainGaps[nextGap];
          gap !== undefined && gap.from_seq <= start.seq + 1;
          gap = chainGaps[nextGap]
        ) {
          nextGap += 1;
          const where = { chain_id: chainId, seq: gap.from_seq, request_id: null };
          const range = `seq ${gap.from_seq}..${gap.through_seq}`;
          if (!gapMacValid(anchorKey, gap))
            return { kind: 'altered', ...where, detail: `the gap record for ${range} has an invalid MAC` };
          if (gap.from_seq !== start.seq + 1 || gap.prev_hash !== start.hash)
            return {
              kind: 'inserted',
              ...where,
              detail: `the gap record for ${range} does not follow the chain`,
            };
          start = { seq: gap.through_seq, hash: gap.through_hash };
          hashes.set(start.seq, start.hash);
          gapCount += 1;
        }
        return null;
      };
      let rowsInChain = 0;
      for (;;) {
        const page: Record<string, unknown>[] = await dataSource.query(
          'SELECT * FROM audit_events WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [chainId, start.seq, PAGE],
        );
        for (const raw of page) {
          const gapProblem = followGaps();
          if (gapProblem !== null) return summary(gapProblem, chainIds.length);
          const row = toAuditRow(raw);
          const where = { chain_id: chainId, seq: row.seq, request_id: row.request_id };
          let problem: ChainProblem | null = null;
          if (row.seq !== start.seq + 1)
            problem = {
              kind: 'removed',
              ...where,
              detail: `seq ${start.seq + 1}..${row.seq - 1} missing before this row`,
            };
          else if (row.prev_hash !== start.hash)
            problem = { kind: 'inserted', ...where, detail: 'prev_hash does not follow the previous row' };
          else if (rowHash(chainKey, row) !== row.hash)
            problem = { kind: 'altered', ...where, detail: 'row fields do not match its hash' };
          if (problem !== null) return summary(problem, chainIds.length);
          start = { seq: row.seq, hash: row.hash };
          if (wanted.has(row.seq)) hashes.set(row.seq, row.hash);
          rowsChecked += 1;
          rowsInChain += 1;
        }
        options.onProgress?.({ rowsChecked, rowsTotal });
        if (page.length < PAGE) break;
      }
      const trailing = followGaps();
      if (trailing !== null) return summary(trailing, chainIds.length);
      const stray = chainGaps[nextGap];
      if (stray !== undefined) {
        const detail = `seq ${start.seq + 1}..${stray.from_seq - 1} missing before a gap record`;
        return summary(
          { kind: 'removed', chain_id: chainId, seq: stray.from_seq, request_id: null, detail },
          chainIds.length,
        );
      }
      const walk: ChainWalk = {
        head: start,
        empty: rowsInChain === 0 && prune === undefined && chainGaps.length === 0,
        prunedThrough: prune?.pruned_through_seq ?? 0,
        hashes,
      };
      const problem = checkAgainstCheckpoints(chainId, walk, wanted);
      if (problem !== null) return summary(problem, chainIds.length);
    }
    return summary(null, chainIds.length);
  }
}

function signedCheckpointValid(key: Buffer, claim: CheckpointClaim): boolean {
  const { chain_id, seq, head_hash, at, mac } = claim;
  if (head_hash === undefined || at === undefined || mac === undefined) return false;
  return checkpointMacValid(key, { chain_id, seq, head_hash, at, mac });
}

/** The chain must reach every checkpoint's seq, with the checkpoint's hash there when it has one. */
function checkAgainstCheckpoints(
  chainId: string,
  walk: ChainWalk,
  wanted: ReadonlyMap<number, string | null>,
): ChainProblem | null {
  for (const [seq, hash] of [...wanted].sort(([a], [b]) => b - a)) {
    const where = { chain_id: chainId, seq, request_id: null };
    if (seq > walk.head.seq) {
      return walk.empty
        ? {
            kind: 'missing_chain',
            ...where,
            detail: `a checkpoint saw this chain at seq ${seq}; none of it is in the table`,
          }
        : {
            kind: 'truncated',
            ...where,
            detail: `a checkpoint saw seq ${seq}; the chain ends at seq ${walk.head.seq}`,
          };
    }
    if (hash === null || seq < walk.prunedThrough) continue;
    if (walk.hashes.get(seq) !== hash)
      return {
        kind: 'altered',
        ...where,
        detail: `the chain at seq ${seq} does not match the checkpoint's head_hash`,
      };
  }
  return null;
}
