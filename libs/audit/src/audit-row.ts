// Everything about the row that is not the entity itself is derived from it here, through
// TypeORM's column metadata: the row and input types, the column list, an event's stored form,
// and the mapping of what pg returns (or a spool line holds) back to a row.
import { getMetadataArgsStorage, type ValueTransformer } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

/** A stored row as read back, and as the API body, `--json` and the export show it. */
export type AuditRow = Omit<AuditEventEntity, 'id'>;
export type AuditColumn = keyof AuditRow;

/** The columns the writer's chain fills in. */
export type ChainColumn = 'chain_id' | 'seq' | 'prev_hash' | 'hash';

/** What the orchestration hands over for one request: the row without its chain fields. */
export type AuditEventInput = Readonly<Omit<AuditRow, ChainColumn>>;

/** The row's fields that the chain's hash covers besides prev_hash: everything but id and hash. */
export type ChainedFields = Omit<AuditRow, 'prev_hash' | 'hash'>;

interface ColumnSpec {
  readonly name: AuditColumn;
  readonly type: string;
  readonly scale: number | undefined;
  readonly transformer: ValueTransformer | undefined;
}

/** An entity's columns as its decorators declared them, in declaration order. */
export function entityColumnArgs(target: abstract new () => object) {
  return getMetadataArgsStorage().columns.filter((column) => column.target === target);
}

function entityColumns(): ColumnSpec[] {
  return entityColumnArgs(AuditEventEntity)
    .filter((column) => column.propertyName !== 'id')
    .map((column) => ({
      name: column.propertyName as AuditColumn,
      type: String(column.options.type),
      scale: column.options.scale,
      transformer: Array.isArray(column.options.transformer) ? undefined : column.options.transformer,
    }));
}

const COLUMN_SPECS: readonly ColumnSpec[] = entityColumns();

/** Every stored column but the surrogate id, in the table's order. */
export const AUDIT_COLUMNS: readonly AuditColumn[] = COLUMN_SPECS.map((column) => column.name);

const CHAIN_COLUMNS: ReadonlySet<AuditColumn> = new Set<ChainColumn>([
  'chain_id',
  'seq',
  'prev_hash',
  'hash',
]);
const EVENT_SPECS = COLUMN_SPECS.filter((column) => !CHAIN_COLUMNS.has(column.name));

/**
 * Postgres text cannot hold NUL. A value from outside (a model name an upstream reported, a code)
 * that carried one would make every insert of its batch fail, and its spool replay after it, so the
 * character is replaced where the row is made.
 */
const withoutNul = (text: string) => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

/** The value a column stores, in the form it reads back as (so the hash of both is the same). */
function stored(column: ColumnSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'text':
      if (typeof value === 'string') return withoutNul(value);
      return Array.isArray(value)
        ? value.map((item: unknown) => (typeof item === 'string' ? withoutNul(item) : item))
        : value;
    case 'integer':
      return Math.round(value as number);
    case 'numeric':
      return Number((value as number).toFixed(column.scale ?? 0));
    case 'timestamptz':
      return new Date(value as Date | string);
    default:
      return Array.isArray(value) ? [...(value as unknown[])] : value;
  }
}

/** An event's fields as the table will hold them: integers rounded, numerics to their scale. */
export function storedFields(event: AuditEventInput): Omit<AuditRow, ChainColumn> {
  const fields: Record<string, unknown> = {};
  for (const column of EVENT_SPECS)
    fields[column.name] = stored(column, event[column.name as keyof AuditEventInput]);
  return fields as Omit<AuditRow, ChainColumn>;
}

/** A row as pg returns it (bigint and numeric as strings, an `id`), or as a spool line parsed it. */
export function toAuditRow(raw: Readonly<Record<string, unknown>>): AuditRow {
  const row: Record<string, unknown> = {};
  for (const column of COLUMN_SPECS) {
    const value = raw[column.name] ?? null;
    row[column.name] =
      column.type === 'timestamptz' && typeof value === 'string'
        ? new Date(value)
        : value !== null && column.transformer !== undefined
          ? (column.transformer.from(value) as unknown)
          : value;
  }
  return row as AuditRow;
}

const JSON_COLUMNS: ReadonlySet<AuditColumn> = new Set(
  COLUMN_SPECS.filter((column) => column.type === 'jsonb').map((column) => column.name),
);

/** The parameter pg is given for one column of a row. */
export function columnParameter(column: AuditColumn, row: AuditRow): unknown {
  const value = row[column];
  // pg would send a JS array as a Postgres array and an object as is; jsonb wants JSON text.
  return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value;
}
