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
