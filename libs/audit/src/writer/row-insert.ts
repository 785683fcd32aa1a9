// One parameterized multi-row INSERT per batch. Idempotent on request_id, so a replayed spool
// never duplicates a row that did reach the table.
import type { DataSource } from 'typeorm';
import { AUDIT_COLUMNS, type AuditRow } from '../audit-event.types';

const COLUMN_LIST = AUDIT_COLUMNS.map((column) => `"${column}"`).join(', ');

export async function insertRows(dataSource: DataSource, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = AUDIT_COLUMNS.map((column) => {
      const value = row[column];
      params.push(column === 'prompt_flags' ? JSON.stringify(value) : value);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await dataSource.query(
    `INSERT INTO audit_events (${COLUMN_LIST}) VALUES ${tuples.join(', ')} ON CONFLICT (request_id) DO NOTHING`,
    params,
  );
}
