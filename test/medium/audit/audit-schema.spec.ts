// Migrations on an empty database give exactly the schema the entities describe (the check CI
// relies on: a change to an entity without a migration fails here).
import { AuditDatabase, auditDataSourceOptions } from '@app/audit';
import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../support/test-database';
import { tempDir } from './audit-test-app';

const MIGRATIONS = [
  'CreateAuditEvents1795400000000',
  'AuditChainAnchors1795500000000',
  'AuditErrorCode1795600000000',
  'ApiKeys1795700000000',
];

describe('audit schema', () => {
  it('migrates an empty database, reports status, and leaves no difference to generate', async () => {
    const database = await createTestDatabase('audit_schema');
    const audit = new AuditDatabase(
      AppConfig.fromEnvironment({ DATABASE_URL: database.url, DATA_DIR: tempDir('schema') }),
    );
    try {
      expect(await audit.migrationStatus()).toEqual({ applied: [], pending: MIGRATIONS });
      expect(await audit.migrate()).toEqual(MIGRATIONS);
      expect(await audit.migrate()).toEqual([]);
      expect(await audit.migrationStatus()).toEqual({ applied: MIGRATIONS, pending: [] });

      const check = new DataSource(auditDataSourceOptions(database.url, 1));
      await check.initialize();
      const diff = await check.driver.createSchemaBuilder().log();
      await check.destroy();
      expect(diff.upQueries.map((query) => query.query)).toEqual([]);

      // Every migration reverts cleanly, newest first, and applies again.
      for (let reverted = 1; reverted <= MIGRATIONS.length; reverted += 1) {
        await audit.revertLast();
        expect((await audit.migrationStatus()).pending).toEqual(MIGRATIONS.slice(-reverted));
      }
      expect(await audit.migrate()).toEqual(MIGRATIONS);
    } finally {
      await audit.close();
      await database.drop();
    }
  });

  it('lets replicas migrate at the same time without tripping over each other', async () => {
    const database = await createTestDatabase('audit_replicas');
    const replicas = [1, 2, 3].map(
      () =>
        new AuditDatabase(
          AppConfig.fromEnvironment({ DATABASE_URL: database.url, DATA_DIR: tempDir('replica') }),
        ),
    );
    try {
      const applied = await Promise.all(replicas.map((replica) => replica.migrate()));
      expect(applied.flat().sort()).toEqual([...MIGRATIONS].sort());
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await database.drop();
    }
  });
});
