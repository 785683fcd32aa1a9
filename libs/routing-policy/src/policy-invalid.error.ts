/** A policy that cannot be used; each problem names its JSON path. */
export class PolicyInvalidError extends Error {
  readonly code = 'POLICY_INVALID' as const;

  constructor(
    readonly problems: readonly string[],
    readonly source = 'policy',
  ) {
    super(`Invalid ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PolicyInvalidError';
  }
}
