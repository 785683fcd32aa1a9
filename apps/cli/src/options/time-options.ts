// `--since 1h|7d|2026-01-01` and `--older-than 90d`: relative durations or ISO dates.
import { CliUsageError } from '../commands/cli-errors';

const UNITS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export function parseDuration(value: string, option: string): number {
  const match = /^(\d+)([smhdw])$/.exec(value.trim());
  if (match === null)
    throw new CliUsageError(`${option}: expected a duration like 90d, 12h or 30m, got "${value}"`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** A point in time: a duration before now (`1h`) or a date (`2026-01-01`, ISO 8601). */
export function parseInstant(value: string, option: string, now = new Date()): Date {
  if (/^\d+[smhdw]$/.test(value.trim())) return new Date(now.getTime() - parseDuration(value, option));
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliUsageError(`${option}: expected a duration (1h, 7d) or a date (2026-01-01), got "${value}"`);
  }
  return date;
}
