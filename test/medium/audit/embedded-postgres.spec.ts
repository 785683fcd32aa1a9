// The embedded default (PGlite behind pglite-socket, reached with `pg`) behaves as a server would.
import { AuditDatabase } from '@app/audit';
import { AppConfig } from '@app/config';
import { tempDir } from './audit-test-app';

jest.setTimeout(60_000);

describe('embedded Postgres', () => {
  it('migrates, keeps overlapping transactions apart, and keeps its data across a restart', async () => {
    const dataDir = tempDir('pglite');
    const audit = new AuditDatabase(AppConfig.fromEnvironment({ DATA_DIR: dataDir }));
    try {
      expect(audit.isEmbedded).toBe(true);
      await audit.migrate();
      const dataSource = await audit.connection();
      await dataSource.query('CREATE TABLE t (v int)');
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Two overlapping transactions: each inserts, waits, and commits; one rolls back.
      const committed = dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO t VALUES (1)');
        await sleep(100);
      });
      const rolledBack = dataSource
        .transaction(async (manager) => {
          await manager.query('INSERT INTO t VALUES (2)');
          await sleep(50);
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      const another = dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO t VALUES (3)');
      });
      await Promise.all([committed, rolledBack, another]);
      expect(await dataSource.query('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 3 }]);
    } finally {
      await audit.close();
    }
    // Data survives a restart.
    const reopened = new AuditDatabase(AppConfig.fromEnvironment({ DATA_DIR: dataDir }));
    try {
      expect(await (await reopened.connection()).query('SELECT count(*)::int AS n FROM t')).toEqual([
        { n: 2 },
      ]);
    } finally {
      await reopened.close();
    }
  });
});
