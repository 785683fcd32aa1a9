/** The audit record could not be made durable (neither Postgres nor the spool took it): fail closed. */
export class AuditUnavailableError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE' as const;

  constructor(message = 'audit record could not be made durable') {
    super(message);
    this.name = 'AuditUnavailableError';
  }
}

/** The audit database could not be opened or migrated. */
export class AuditDatabaseError extends Error {
  readonly code = 'AUDIT_DATABASE_ERROR' as const;

  constructor(message: string) {
    super(message);
    this.name = 'AuditDatabaseError';
  }
}

/** Verifying or pruning needs the chain key, and there is none to read (a new one would verify nothing). */
export class AuditKeyMissingError extends Error {
  readonly code = 'AUDIT_KEY_MISSING' as const;

  constructor(file: string) {
    super(`no audit key: set AUDIT_HMAC_KEY (or run where ${file} exists) to verify or prune the chain`);
    this.name = 'AuditKeyMissingError';
  }
}

/** A checkpoint source (a log file, a Prometheus server) could not be read. */
export class CheckpointSourceError extends Error {
  readonly code = 'CHECKPOINT_SOURCE_ERROR' as const;

  constructor(message: string) {
    super(message);
    this.name = 'CheckpointSourceError';
  }
}
