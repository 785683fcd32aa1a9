import { Client } from 'pg';
import { assertTestDatabaseUrl, createTestDatabase } from '../support/test-database';

describe('test database guard', () => {
  it('refuses a database whose name does not look like a test database', () => {
    expect(() => assertTestDatabaseUrl('postgres://postgres@127.0.0.1:5432/production')).toThrow(
      /refusing to run tests against database "production"/,
    );
    expect(() => assertTestDatabaseUrl('postgres://postgres@127.0.0.1:5432/policy_mesh')).toThrow(
      /must contain "test"/,
    );
  });

  it('accepts test-named databases', () => {
    expect(() => assertTestDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).not.toThrow();
    expect(() =>
      assertTestDatabaseUrl('postgres://postgres@127.0.0.1:5432/pm_test_audit_1a2b'),
    ).not.toThrow();
  });

  it('creates a private database on the real server and drops it afterwards', async () => {
    const database = await createTestDatabase('guard');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const result = await client.query<{ db: string; version: string }>(
      'SELECT current_database() AS db, version() AS version',
    );
    await client.end();
    expect(result.rows[0]?.db).toBe(database.name);
    expect(result.rows[0]?.version).toMatch(/^PostgreSQL/);

    await database.drop();
    const probe = new Client({ connectionString: database.url });
    await expect(probe.connect()).rejects.toThrow(/does not exist/);
  });
});
