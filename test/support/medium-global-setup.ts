// Fails the medium tier at once, with a clear message, when the test Postgres is not reachable, and
// refuses a database whose name does not say it is for tests.
import { requirePostgresForTier } from './preflight';
import { TEST_ADMIN_URL, assertTestDatabaseUrl } from './test-database';

export default function mediumGlobalSetup(): Promise<void> {
  assertTestDatabaseUrl(TEST_ADMIN_URL);
  return requirePostgresForTier('medium');
}
