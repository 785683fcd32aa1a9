// Walks every chain in seq order, a page at a time, recomputing each row's hash. Reports the first
// row that was altered (its hash no longer matches its fields), removed (a gap in seq) or inserted
// (a row whose prev_hash does not follow its predecessor).
import { Injectable } from '@nestjs/common';
import { AuditDatabase } from '../database/audit-database';
import { toAuditRow, type RawAuditRow } from '../queries/audit-row.mapper';
import { GENESIS_HASH, rowHash } from './row-hash';

export type ChainProblemKind = 'altered' | 'removed' | 'inserted';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  readonly chain_id: string;
  readonly seq: number;
  readonly request_id: string;
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly chains: number;
  readonly rows: number;
  readonly problem: ChainProblem | null;
}

export interface VerifyProgress {
  readonly rowsChecked: number;
  readonly rowsTotal: number;
}

const PAGE = 2000;

@Injectable()
export class AuditChainVerifier {
  constructor(private readonly database: AuditDatabase) {}

  async verifyChains(onProgress?: (progress: VerifyProgress) => void): Promise<VerifyReport> {
    const dataSource = await this.database.connection();
    const [counted]: { count: string }[] = await dataSource.query(
      'SELECT count(*) AS count FROM audit_events',
    );
    const rowsTotal = Number(counted?.count ?? 0);
    const chains: {
      chain_id: string;
      pruned_through_seq: string | null;
      pruned_through_hash: string | null;
    }[] = await dataSource.query(
      `SELECT c.chain_id, k.pruned_through_seq, k.pruned_through_hash
           FROM (SELECT DISTINCT chain_id FROM audit_events) c
           LEFT JOIN audit_chain_checkpoints k ON k.chain_id = c.chain_id
          ORDER BY c.chain_id`,
    );
    let rowsChecked = 0;
    for (const chain of chains) {
      let expectedSeq = chain.pruned_through_seq === null ? 1 : Number(chain.pruned_through_seq) + 1;
      let previousHash = chain.pruned_through_hash ?? GENESIS_HASH;
      let afterSeq = expectedSeq - 1;
      for (;;) {
        const page: RawAuditRow[] = await dataSource.query(
          'SELECT * FROM audit_events WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [chain.chain_id, afterSeq, PAGE],
        );
        for (const raw of page) {
          const row = toAuditRow(raw);
          const where = { chain_id: row.chain_id, seq: row.seq, request_id: row.request_id };
          if (row.seq !== expectedSeq) {
            const problem = {
              kind: 'removed' as const,
              ...where,
              detail: `seq ${expectedSeq}..${row.seq - 1} missing before this row`,
            };
            return { ok: false, chains: chains.length, rows: rowsChecked, problem };
          }
          if (row.prev_hash !== previousHash) {
            const problem = {
              kind: 'inserted' as const,
              ...where,
              detail: 'prev_hash does not follow the previous row',
            };
            return { ok: false, chains: chains.length, rows: rowsChecked, problem };
          }
          const { hash, ...fields } = row;
          if (rowHash(fields) !== hash) {
            const problem = {
              kind: 'altered' as const,
              ...where,
              detail: 'row fields do not match its hash',
            };
            return { ok: false, chains: chains.length, rows: rowsChecked, problem };
          }
          previousHash = hash;
          expectedSeq += 1;
          rowsChecked += 1;
        }
        onProgress?.({ rowsChecked, rowsTotal });
        if (page.length < PAGE) break;
        afterSeq = expectedSeq - 1;
      }
    }
    return { ok: true, chains: chains.length, rows: rowsChecked, problem: null };
  }
}
