export { ApiKeyEntity } from './api-keys/api-key.entity';
export { ApiKeyTable } from './api-keys/api-key-table';
export type { ApiKeyRow } from './api-keys/api-key-table';
export { ApiKeySecret } from './keys/api-key-secret';
export { AuditEventEntity } from './audit-event.entity';
export type { AuditStatus } from './audit-event.entity';
export { AUDIT_COLUMNS } from './audit-row';
export type { AuditColumn, AuditEventInput, AuditRow } from './audit-row';
export {
  AuditDatabaseError,
  AuditKeyMissingError,
  AuditUnavailableError,
  CheckpointSourceError,
} from './audit.errors';
export type { AuditModuleOptions } from './audit-lifecycle';
export { AuditModule } from './audit.module';
export { AuditChainVerifier } from './chain/audit-chain-verifier';
export type {
  ChainProblem,
  ChainProblemKind,
  CheckpointClaim,
  VerifyOptions,
  VerifyProgress,
  VerifyReport,
} from './chain/audit-chain-verifier';
export { AuditPruner } from './chain/audit-pruner';
export type { PruneOptions, PruneReport } from './chain/audit-pruner';
export { CHECKPOINT_MESSAGE } from './chain/chain-records';
export type { ChainCheckpoint } from './chain/chain-records';
export type { ChainHead } from './chain/durable-head';
export { CHAIN_HEAD_METRIC, checkpointsFromLog, checkpointsFromPrometheus } from './chain/checkpoint-sources';
export { AuditDatabase } from './database/audit-database';
export type { MigrationStatus } from './database/audit-database';
export { auditDataSourceOptions } from './database/data-source.options';
export { AuditHealth } from './health/audit-health';
export type { AuditDatabaseCheck, AuditSpoolCheck } from './health/audit-health';
export { PromptFingerprinter } from './prompt-fingerprinter';
export { AuditQueryService, InvalidCursorError } from './queries/audit-query.service';
export { durationMs, parseTimeBound } from './queries/time-bound';
export type { AuditFilter, AuditKeyStats, AuditPage, AuditStats } from './queries/audit-query.service';
export { AuditWriter } from './writer/audit-writer.service';
export type { AuditOutcome, AuditWriterStats } from './writer/audit-writer.service';
