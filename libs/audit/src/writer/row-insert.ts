// One parameterized multi-row INSERT per batch, its column list the entity's. Idempotent on
// request_id (rows) and on (chain_id, from_seq) (gaps), so a replayed spool never duplicates what
// did reach the table. The row INSERT is a named prepared statement (one per batch size, parsed
// and planned once per pooled connection), sent through TypeORM's own pg pool.
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
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

interface PreparedQuery {
  readonly name: string;
  readonly text: string;
  readonly values: unknown[];
}

interface PooledClient {
  query(query: PreparedQuery): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** The INSERT of a batch of `count` rows, built once per size. */
const rowInserts = new Map<number, string>();

function rowInsertText(count: number): string {
  let text = rowInserts.get(count);
  if (text === undefined) {
    text = `INSERT INTO audit_events (${COLUMN_LIST}) VALUES ${valuesClause(count, AUDIT_COLUMNS.length)}
     ON CONFLICT (request_id) DO NOTHING`;
    rowInserts.set(count, text);
  }
  return text;
}

/**
 * Runs a named statement on a connection of the DataSource's pool, as TypeORM's query runner
 * would (a connection error while it is held releases the connection as broken), without the
 * query runner's own per-query work. pg prepares a name once per connection and then only binds.
 */
async function queryPrepared(dataSource: DataSource, query: PreparedQuery): Promise<void> {
  const driver = dataSource.driver as PostgresDriver;
  const [client, release] = (await driver.obtainMasterConnection()) as [
    PooledClient,
    (error?: Error) => void,
  ];
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query(query);
  } finally {
    client.removeListener('error', onError);
    release(broken);
  }
}

export async function insertRows(dataSource: DataSource, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  for (const row of rows) for (const column of AUDIT_COLUMNS) values.push(columnParameter(column, row));
  await queryPrepared(dataSource, {
    name: `audit_events_insert_${rows.length}`,
    text: rowInsertText(rows.length),
    values,
  });
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
