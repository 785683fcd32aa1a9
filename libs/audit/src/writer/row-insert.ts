// One parameterized multi-row INSERT per batch, its column list the entity's. Idempotent on
// request_id (rows) and on (chain_id, from_seq) (gaps), so a replayed spool never duplicates what
// did reach the table.
import type { DataSource } from 'typeorm';
import { AUDIT_COLUMNS, columnParameter, entityColumnArgs, type AuditRow } from '../audit-row';
import type { ChainGap } from '../chain/chain-records';
import { ChainGapEntity } from '../chain/chain-records.entity';

const COLUMN_LIST = AUDIT_COLUMNS.map((column) => `"${column}"`).join(', ');
const GAP_COLUMNS = entityColumnArgs(ChainGapEntity).map((column) => column.propertyName as keyof ChainGap);

function valuesClause(count: number, width: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < count; row += 1) {
    const placeholders: string[] = [];
    for (let column = 1; column <= width; column += 1) placeholders.push(`$${row * width + column}`);
    tuples.push(`(${placeholders.join(', ')})`);
  }
  return tuples.join(', ');
}

export async function insertRows(dataSource: DataSource, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  for (const row of rows) for (const column of AUDIT_COLUMNS) params.push(columnParameter(column, row));
  await dataSource.query(
    `INSERT INTO audit_events (${COLUMN_LIST}) VALUES ${valuesClause(rows.length, AUDIT_COLUMNS.length)}
     ON CONFLICT (request_id) DO NOTHING`,
    params,
  );
}

export async function insertGaps(dataSource: DataSource, gaps: readonly ChainGap[]): Promise<void> {
  if (gaps.length === 0) return;
  const params = gaps.flatMap((gap) => GAP_COLUMNS.map((column) => gap[column]));
  await dataSource.query(
    `INSERT INTO audit_chain_gaps (${GAP_COLUMNS.join(', ')}) VALUES ${valuesClause(gaps.length, GAP_COLUMNS.length)}
     ON CONFLICT (chain_id, from_seq) DO NOTHING`,
    params,
  );
}
