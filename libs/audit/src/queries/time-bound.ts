// The bounds of an audit window as both transports accept them: a duration before now (`90s`,
// `30m`, `1h`, `7d`, `2w`) or a date (`2026-01-01`, ISO 8601). One parser, so `?since=1h` and
// `--since 1h` mean the same thing.
const UNITS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+)([smhdw])$/;

/** Milliseconds of a duration like `90d`, or undefined when the text is not one. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  return match === null ? undefined : Number(match[1]) * UNITS[match[2]!]!;
}

/** A duration before `now` or a date; undefined when the text is neither. */
export function parseTimeBound(text: string, now = new Date()): Date | undefined {
  const duration = durationMs(text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  const date = new Date(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text.trim()) && !Number.isNaN(date.getTime()) ? date : undefined;
}
