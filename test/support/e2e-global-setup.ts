// The e2e tier needs the machine's PostgreSQL (started here when installed and down); each tool
// test asks for its own tool (requireTool), so running one e2e file needs only what it uses.
import { PreflightError, requirePostgres } from './preflight';
import { TEST_ADMIN_URL } from './test-database';

export default async function e2eGlobalSetup(): Promise<void> {
  try {
    await requirePostgres(TEST_ADMIN_URL);
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stderr.write(`e2e tests cannot run: ${error.message}\n`);
    process.exit(1);
  }
}
