/** Bad arguments or options: exit code 2. */
export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE' as const;
}

/** A verification found a problem (tampered chain, failing policy case, not ready): exit code 3. */
export class CliVerificationFailed extends Error {
  readonly code = 'CLI_VERIFICATION_FAILED' as const;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, verification: 3 } as const;

const USAGE_CODES = new Set(['CLI_USAGE', 'POLICY_INVALID', 'CONFIG_INVALID', 'VALIDATION_FAILED']);

/** The exit code for an error, by its stable code: the CLI's side of the gateway's status table. */
export function exitCodeFor(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && USAGE_CODES.has(code)) return EXIT.usage;
  if (code === 'CLI_VERIFICATION_FAILED') return EXIT.verification;
  return EXIT.failure;
}
