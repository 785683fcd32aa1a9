// Retention: deletes rows older than a cut-off, oldest first per chain and in batches, and records
// where each chain now resumes (seq and hash of the last removed row, MAC'd with the anchor key)
// so the rest still verifies, against checkpoints too: a checkpoint at or below the prune point is
// covered by the record.
import { Injectable } from '@nestjs/common';
import { AuditDatabase } from '../database/audit-database';
import { AuditKeys } from '../keys/audit-keys';
import { pruneOf } from './chain-records';

export interface PruneOptions {
  readonly olderThan: Date;
  readonly dryRun?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (deleted: number) => void;
}

export interface PruneReport {
  readonly cutoff: string;
  readonly dryRun: boolean;
  /** Rows deleted, or that would be deleted in a dry run. */
  readonly rows: number;
  readonly chains: number;
}

@Injectable()
export class AuditPruner {
  constructor(
    private readonly database: AuditDatabase,
    private readonly keys: AuditKeys,
  ) {}

  async prune(options: PruneOptions): Promise<PruneReport> {
    // The key first: a prune record nobody can verify would make the chain unverifiable.
    const anchorKey = options.dryRun === true ? undefined : this.keys.anchorKey('verify');
    const dataSource = await this.database.connection();
    const batchSize = options.batchSize ?? 5000;
    // Per chain, the highest seq such that it and every row before it are older than the cut-off:
    // deleting a prefix keeps each chain contiguous.
    const prefixes: { chain_id: string; through_seq: string | null; rows: string }[] = await dataSource.query(
      `SELECT chain_id,
              (SELECT max(seq) FROM audit_events e2 WHERE e2.chain_id = e.chain_id AND e2.seq <
                 coalesce((SELECT min(seq) FROM audit_events e3 WHERE e3.chain_id = e.chain_id AND e3.created_at >= $1), 9223372036854775807)
              ) AS through_seq,
              0 AS rows
         FROM (SELECT DISTINCT chain_id FROM audit_events WHERE created_at < $1) e`,
      [options.olderThan],
    );
    let total = 0;
    let chains = 0;
    for (const prefix of prefixes) {
      if (prefix.through_seq === null) continue;
      const through = Number(prefix.through_seq);
      const [counted]: { count: string }[] = await dataSource.query(
        'SELECT count(*) AS count FROM audit_events WHERE chain_id = $1 AND seq <= $2',
        [prefix.chain_id, through],
      );
      const count = Number(counted?.count ?? 0);
      if (count === 0) continue;
      chains += 1;
      if (options.dryRun === true) {
        total += count;
        continue;
      }
      const [last]: { hash: string }[] = await dataSource.query(
        'SELECT hash FROM audit_events WHERE chain_id = $1 AND seq = $2',
        [prefix.chain_id, through],
      );
      const record = pruneOf(anchorKey!, prefix.chain_id, through, last!.hash);
      // The record first: a chain is never left without the point it resumes from.
      await dataSource.query(
        `INSERT INTO audit_chain_prunes (chain_id, pruned_through_seq, pruned_through_hash, updated_at, mac)
         VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (chain_id) DO UPDATE SET pruned_through_seq = EXCLUDED.pruned_through_seq,
           pruned_through_hash = EXCLUDED.pruned_through_hash, updated_at = now(), mac = EXCLUDED.mac`,
        [record.chain_id, record.pruned_through_seq, record.pruned_through_hash, record.mac],
      );
      for (;;) {
        // TypeORM answers a DELETE with [rows, affected count].
        const [, deleted]: [unknown[], number] = await dataSource.query(
          `DELETE FROM audit_events WHERE id IN (
             SELECT id FROM audit_events WHERE chain_id = $1 AND seq <= $2 ORDER BY seq LIMIT $3)`,
          [prefix.chain_id, through, batchSize],
        );
        total += deleted;
        options.onProgress?.(total);
        if (deleted < batchSize) break;
      }
    }
    return { cutoff: options.olderThan.toISOString(), dryRun: options.dryRun === true, rows: total, chains };
  }
}
