export type { AuditStatus } from './audit-event.entity';
export { AuditEventEntity } from './audit-event.entity';
export { AUDIT_COLUMNS } from './audit-event.types';
export type { AuditEventInput, AuditEventView, AuditRow } from './audit-event.types';
export { AuditDatabaseError, AuditUnavailableError } from './audit.errors';
export type { AuditModuleOptions } from './audit-lifecycle';
export { AuditModule } from './audit.module';
export { AuditChainVerifier } from './chain/audit-chain-verifier';
export type {
  ChainProblem,
  ChainProblemKind,
  VerifyProgress,
  VerifyReport,
} from './chain/audit-chain-verifier';
export { AuditPruner } from './chain/audit-pruner';
export type { PruneOptions, PruneReport } from './chain/audit-pruner';
export { AuditDatabase } from './database/audit-database';
export type { MigrationStatus } from './database/audit-database';
export { auditDataSourceOptions } from './database/data-source.options';
export { DatabaseHealthIndicator, SpoolHealthIndicator } from './health/audit-health.indicators';
export { PromptFingerprinter } from './prompt-fingerprinter';
export { AuditQueryService, InvalidCursorError } from './queries/audit-query.service';
export { durationMs, parseTimeBound } from './queries/time-bound';
export type { AuditFilter, AuditPage, AuditStats } from './queries/audit-query.service';
export { AuditWriter } from './writer/audit-writer.service';
export type { AuditOutcome, AuditWriterStats } from './writer/audit-writer.service';
