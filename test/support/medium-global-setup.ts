// Fails the medium tier at once, with a clear message, when the test Postgres is not reachable.
import { Client } from 'pg';
import { PreflightError, requirePostgres } from './preflight';
import { TEST_ADMIN_URL, assertTestDatabaseUrl } from './test-database';

export default async function mediumGlobalSetup(): Promise<void> {
  assertTestDatabaseUrl(TEST_ADMIN_URL);
  try {
    await requirePostgres(TEST_ADMIN_URL);
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stderr.write(`medium tests cannot run: ${error.message}\n`);
    process.exit(1);
  }
  const client = new Client({ connectionString: TEST_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `medium tests need Postgres at ${TEST_ADMIN_URL} (set TEST_DATABASE_URL to change it): ${String(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
