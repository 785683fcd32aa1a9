// Owns the connection to the audit database: a real server (DATABASE_URL) or the embedded one.
// Opened on first use, so CLI commands that never touch the database never start it.
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { AuditDatabaseError } from '../audit.errors';
import { auditDataSourceOptions } from './data-source.options';
import { EmbeddedPostgres } from './embedded-postgres';

/** Replicas starting together serialize their migrations on this advisory lock. */
const MIGRATION_LOCK_KEY = 4_771_093_201;

export interface MigrationStatus {
  readonly applied: string[];
  readonly pending: string[];
}

export class AuditDatabase {
  private opening: Promise<DataSource> | undefined;
  private embedded: EmbeddedPostgres | undefined;
  private dataSource: DataSource | undefined;

  constructor(private readonly config: AppConfig) {}

  get isEmbedded(): boolean {
    return this.config.database.url === undefined;
  }

  /** The open DataSource, opening (and starting the embedded server) on first call. */
  connection(): Promise<DataSource> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening !== undefined) await opening.catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    this.dataSource = undefined;
    await this.embedded?.stop();
    this.embedded = undefined;
  }

  /** Applies pending migrations, under an advisory lock on a real server. Returns their names. */
  async migrate(): Promise<string[]> {
    const dataSource = await this.connection();
    return this.withMigrationLock(async () =>
      (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name),
    );
  }

  async revertLast(): Promise<void> {
    const dataSource = await this.connection();
    await this.withMigrationLock(() => dataSource.undoLastMigration({ transaction: 'each' }));
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const dataSource = await this.connection();
    const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
    const runner = dataSource.createQueryRunner();
    // Released at once: the embedded database has one connection, and audit writes need it.
    const hasTable = await runner.hasTable('typeorm_migrations').finally(() => runner.release());
    const rows: { name: string }[] = hasTable
      ? await dataSource.query('SELECT name FROM typeorm_migrations ORDER BY id')
      : [];
    const applied = rows.map((row) => row.name);
    return { applied, pending: known.filter((name) => !applied.includes(name)) };
  }

  private async open(): Promise<DataSource> {
    let url = this.config.database.url;
    if (url === undefined) {
      this.embedded = await EmbeddedPostgres.start(join(this.config.dataDir, 'pglite'));
      url = this.embedded.url;
    }
    const dataSource = new DataSource(auditDataSourceOptions(url, this.isEmbedded ? 1 : 10));
    try {
      await dataSource.initialize();
    } catch (error) {
      await this.embedded?.stop();
      this.embedded = undefined;
      throw new AuditDatabaseError(`cannot connect to the audit database: ${(error as Error).message}`);
    }
    this.dataSource = dataSource;
    return dataSource;
  }

  private async withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
    // The embedded database belongs to this process alone (a lock file says so), and its single
    // connection could not hold a lock while migrations run on it.
    if (this.isEmbedded) return work();
    const client = new Client({ connectionString: this.config.database.url });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await client.end();
    }
  }
}
