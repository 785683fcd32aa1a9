// The e2e tier needs the machine's PostgreSQL (started here when installed and down); each tool
// test asks for its own tool (requireTool), so running one e2e file needs only what it uses.
import { requirePostgresForTier } from './preflight';

export default function e2eGlobalSetup(): Promise<void> {
  return requirePostgresForTier('e2e');
}
