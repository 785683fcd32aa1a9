// Every migration, listed explicitly (globs break once a build moves files), oldest first.
import { CreateAuditEvents1795400000000 } from './1795400000000-create-audit-events';
import { AuditChainAnchors1795500000000 } from './1795500000000-audit-chain-anchors';
import { AuditErrorCode1795600000000 } from './1795600000000-audit-error-code';
import { ApiKeys1795700000000 } from './1795700000000-api-keys';

export const MIGRATIONS = [
  CreateAuditEvents1795400000000,
  AuditChainAnchors1795500000000,
  AuditErrorCode1795600000000,
  ApiKeys1795700000000,
];
