/** Thrown at start when the environment is invalid; lists every bad variable at once. */
export class ConfigInvalidError extends Error {
  readonly code = 'CONFIG_INVALID' as const;

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigInvalidError';
  }
}
