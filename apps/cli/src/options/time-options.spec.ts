import { parseDuration, parseInstant } from './time-options';

describe('time options', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('reads durations', () => {
    expect(parseDuration('90d', '--older-than')).toBe(90 * 86_400_000);
    expect(parseInstant('1h', '--since', now).toISOString()).toBe('2026-11-23T11:00:00.000Z');
  });

  it('reads dates', () => {
    expect(parseInstant('2026-01-01', '--since', now).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses anything else with the option named', () => {
    expect(() => parseInstant('3x', '--since', now)).toThrow(
      '--since: expected a duration (1h, 7d) or a date (2026-01-01), got "3x"',
    );
    expect(() => parseDuration('soon', '--older-than')).toThrow(/--older-than: expected a duration/);
  });
});
