// Every migration, listed explicitly (globs break once a build moves files).
import { CreateAuditEvents1795400000000 } from './1795400000000-create-audit-events';

export const MIGRATIONS = [CreateAuditEvents1795400000000];
