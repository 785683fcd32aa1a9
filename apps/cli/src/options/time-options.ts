// `--since 1h|7d|2026-01-01` and `--older-than 90d`: relative durations or ISO dates.
import { durationMs, parseTimeBound } from '@app/audit';
import { CliUsageError } from '../commands/cli-errors';

export function parseDuration(value: string, option: string): number {
  const ms = durationMs(value);
  if (ms === undefined)
    throw new CliUsageError(`${option}: expected a duration like 90d, 12h or 30m, got "${value}"`);
  return ms;
}

/** A point in time: a duration before now (`1h`) or a date (`2026-01-01`, ISO 8601). */
export function parseInstant(value: string, option: string, now = new Date()): Date {
  const instant = parseTimeBound(value, now);
  if (instant === undefined)
    throw new CliUsageError(`${option}: expected a duration (1h, 7d) or a date (2026-01-01), got "${value}"`);
  return instant;
}
