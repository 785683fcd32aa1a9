// The gateway bench's figures and how they are printed: per scenario, each contender's medians and
// ranges over rounds; then every ratio issue 18 (and 13, for authentication) names, each computed
// within a round (the contenders of a round ran minutes apart on the same machine) and then
// summarised over rounds.
import { fmt, median, printMarkdownTable } from './bench-stats';
import type { ContenderId, ScenarioId } from './gateway-bench-options';

export type Metric =
  | 'req/s'
  | 'p50 ms'
  | 'p99 ms'
  | 'p50 µs'
  | 'p99 µs'
  | 'added p50 µs'
  | 'streams/s'
  | 'TTFB p50 ms'
  | 'TTFB p99 ms'
  | 'stream p50 ms'
  | 'errors'
  | 'audited'
  | 'CPU ms/op'
  | 'upstream CPU ms/op'
  | 'postgres CPU ms/op'
  | 'client CPU ms/op'
  | 'peak RSS MB';

/** One contender in one scenario in one round. */
export interface RunFigures {
  readonly round: number;
  readonly scenario: ScenarioId;
  readonly contender: ContenderId;
  readonly figures: Partial<Record<Metric, number>>;
  /** Why the run gave no figures, or what went wrong in it (error kinds). */
  readonly note?: string;
}

export interface BenchResults {
  readonly runs: RunFigures[];
  /** Per round: median INSERT+COMMIT round trip, µs. */
  readonly commitP50Us: Map<number, number>;
  /** Per contender: VmHWM at the end of the run (lifetime peak, start-up included), MB. */
  readonly lifetimePeakMb: Map<ContenderId, number>;
  /** VmHWM of the embedded-database gateway right after it became ready (its first start), MB. */
  embeddedStartPeakMb?: number;
}

export const CONTENDER_LABELS: Record<ContenderId, string> = {
  direct: 'upstream alone',
  bare: 'bare node:http proxy',
  portkey: 'Portkey 1.15.2',
  gateway: 'gateway (Postgres)',
  auth: 'gateway, AUTH_MODE=keys',
  embedded: 'gateway (embedded db)',
  before: 'gateway before (Postgres)',
};

const SCENARIO_TITLES: Record<ScenarioId, string> = {
  whole50: 'Whole answers, 50 connections (autocannon)',
  whole1: 'Whole answers, 1 connection (sequential, monotonic clock)',
  stream300: 'Streams, 300 concurrent clients',
  stream1000: 'Streams, 1,000 concurrent clients',
};

const STREAM_METRICS: readonly Metric[] = [
  'streams/s',
  'TTFB p50 ms',
  'TTFB p99 ms',
  'stream p50 ms',
  'errors',
  'audited',
  'CPU ms/op',
  'upstream CPU ms/op',
  'client CPU ms/op',
  'peak RSS MB',
];

const SCENARIO_METRICS: Record<ScenarioId, readonly Metric[]> = {
  whole50: [
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'CPU ms/op',
    'upstream CPU ms/op',
    'postgres CPU ms/op',
    'peak RSS MB',
  ],
  whole1: ['p50 µs', 'p99 µs', 'added p50 µs', 'CPU ms/op', 'postgres CPU ms/op'],
  stream300: STREAM_METRICS,
  stream1000: STREAM_METRICS,
};

export const DIGITS: Partial<Record<Metric, number>> = {
  'req/s': 0,
  // autocannon counts whole milliseconds.
  'p50 ms': 0,
  'p99 ms': 0,
  'p50 µs': 0,
  'p99 µs': 0,
  'added p50 µs': 0,
  'streams/s': 1,
  'TTFB p50 ms': 1,
  'TTFB p99 ms': 1,
  'stream p50 ms': 0,
  errors: 0,
  audited: 0,
  'CPU ms/op': 3,
  'upstream CPU ms/op': 3,
  'postgres CPU ms/op': 3,
  'client CPU ms/op': 3,
  'peak RSS MB': 0,
};

/** "median (min–max)" over the finite values; one value alone; "–" for none. */
export function summary(values: readonly number[], digits: number, unit = ''): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const mid = `${fmt(median(finite), digits)}${unit}`;
  if (finite.length === 1) return mid;
  return `${mid} (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})`;
}

function figureOf(
  runs: readonly RunFigures[],
  round: number,
  scenario: ScenarioId,
  contender: ContenderId,
  metric: Metric,
): number {
  return (
    runs.find((r) => r.round === round && r.scenario === scenario && r.contender === contender)?.figures[
      metric
    ] ?? Number.NaN
  );
}

interface Ratio {
  readonly label: string;
  /** The target as the issue states it, and whether a median meets it. */
  readonly target?: string;
  readonly meets?: (value: number) => boolean;
  readonly digits: number;
  readonly unit: string;
  readonly value: (round: number) => number;
}

/** A target as issue 18 (or 13) states it, judged on the median over rounds. */
type Goal = Pick<Ratio, 'target' | 'meets'>;
const atLeast = (limit: number): Goal => ({ target: `>= ${limit}`, meets: (v) => v >= limit });
const atMost = (limit: number, unit = ''): Goal => ({
  target: `<= ${limit}${unit}`,
  meets: (v) => v <= limit,
});

function ratios(results: BenchResults): Ratio[] {
  const f = (round: number, scenario: ScenarioId, contender: ContenderId, metric: Metric) =>
    figureOf(results.runs, round, scenario, contender, metric);
  const commit = (round: number) => results.commitP50Us.get(round) ?? Number.NaN;
  /** One contender's metric over another's, in the same scenario and round. */
  const quotient = (
    label: string,
    scenario: ScenarioId,
    [top, bottom]: [ContenderId, ContenderId],
    metric: Metric,
    goal: Goal = {},
    digits = 2,
  ): Ratio => ({
    label,
    ...goal,
    digits,
    unit: 'x',
    value: (r) => f(r, scenario, top, metric) / f(r, scenario, bottom, metric),
  });
  /** A figure shown as it is (no ratio), with its unit. */
  const figure = (label: string, unit: string, value: (round: number) => number, goal: Goal = {}): Ratio => ({
    label,
    ...goal,
    digits: 0,
    unit,
    value,
  });
  const gatewayAddedNet = (r: number) => f(r, 'whole1', 'gateway', 'added p50 µs') - commit(r);
  const list: Ratio[] = [
    quotient(
      'whole 50 conn: gateway / Portkey req/s',
      'whole50',
      ['gateway', 'portkey'],
      'req/s',
      atLeast(2),
    ),
    quotient(
      'whole 50 conn: gateway / Portkey p99',
      'whole50',
      ['gateway', 'portkey'],
      'p99 ms',
      atMost(0.6),
    ),
    quotient(
      'whole 50 conn: gateway / Portkey CPU per request',
      'whole50',
      ['gateway', 'portkey'],
      'CPU ms/op',
    ),
    quotient('whole 50 conn: gateway / bare proxy req/s', 'whole50', ['gateway', 'bare'], 'req/s', {}, 3),
    figure(
      'whole 50 conn: gateway peak RSS',
      ' MB',
      (r) => f(r, 'whole50', 'gateway', 'peak RSS MB'),
      atMost(200, ' MB'),
    ),
    figure('1 conn: one INSERT+COMMIT round trip (p50)', ' µs', commit),
    figure('1 conn: gateway added p50', ' µs', (r) => f(r, 'whole1', 'gateway', 'added p50 µs')),
    figure('1 conn: gateway added p50 minus one commit', ' µs', gatewayAddedNet),
    figure('1 conn: Portkey added p50', ' µs', (r) => f(r, 'whole1', 'portkey', 'added p50 µs')),
    {
      label: '1 conn: (gateway added - commit) / Portkey added',
      ...atMost(1),
      digits: 2,
      unit: 'x',
      value: (r) => gatewayAddedNet(r) / f(r, 'whole1', 'portkey', 'added p50 µs'),
    },
  ];
  for (const [scenario, clients] of [
    ['stream300', '300'],
    ['stream1000', '1,000'],
  ] as const) {
    list.push(
      quotient(
        `${clients} streams: gateway / bare completed streams`,
        scenario,
        ['gateway', 'bare'],
        'streams/s',
        atLeast(0.95),
      ),
      quotient(
        `${clients} streams: gateway / bare TTFB p99`,
        scenario,
        ['gateway', 'bare'],
        'TTFB p99 ms',
        atMost(1.5),
      ),
      quotient(
        `${clients} streams: gateway / bare CPU per stream`,
        scenario,
        ['gateway', 'bare'],
        'CPU ms/op',
        atMost(2),
      ),
      figure(`${clients} streams: gateway errors`, '', (r) => f(r, scenario, 'gateway', 'errors'), {
        target: '0',
        meets: (v) => v === 0,
      }),
      quotient(
        `${clients} streams: Portkey / bare completed streams`,
        scenario,
        ['portkey', 'bare'],
        'streams/s',
      ),
      quotient(`${clients} streams: Portkey / bare TTFB p99`, scenario, ['portkey', 'bare'], 'TTFB p99 ms'),
      figure(`${clients} streams: gateway peak RSS`, ' MB', (r) => f(r, scenario, 'gateway', 'peak RSS MB')),
    );
  }
  list.push(
    quotient(
      'auth: keys / none req/s at 50 conn (issue 13)',
      'whole50',
      ['auth', 'gateway'],
      'req/s',
      atLeast(0.95),
      3,
    ),
    quotient(
      'auth: keys / none CPU per request at 50 conn',
      'whole50',
      ['auth', 'gateway'],
      'CPU ms/op',
      {},
      3,
    ),
    figure(
      'auth: keys - none p50 at 1 conn',
      ' µs',
      (r) => f(r, 'whole1', 'auth', 'p50 µs') - f(r, 'whole1', 'gateway', 'p50 µs'),
    ),
    quotient(
      'embedded db: embedded / Postgres req/s at 50 conn',
      'whole50',
      ['embedded', 'gateway'],
      'req/s',
    ),
    figure('embedded db: peak RSS at 50 conn', ' MB', (r) => f(r, 'whole50', 'embedded', 'peak RSS MB')),
    quotient(
      'change: before / after CPU per request at 50 conn',
      'whole50',
      ['before', 'gateway'],
      'CPU ms/op',
    ),
    quotient('change: after / before req/s at 50 conn', 'whole50', ['gateway', 'before'], 'req/s'),
    figure(
      'change: before - after added p50 at 1 conn',
      ' µs',
      (r) => f(r, 'whole1', 'before', 'p50 µs') - f(r, 'whole1', 'gateway', 'p50 µs'),
    ),
  );
  return list;
}

export function printReport(results: BenchResults, rounds: number, scenarios: readonly ScenarioId[]): void {
  const roundList = Array.from({ length: rounds }, (_, index) => index + 1);
  process.stdout.write(
    `\nFigures: median (min–max) over ${rounds} round(s). CPU ms/op: utime+stime of that process over the run / requests (or streams) completed.\n`,
  );
  for (const scenario of scenarios) {
    const contenders = [
      ...new Set(results.runs.filter((r) => r.scenario === scenario).map((r) => r.contender)),
    ];
    if (contenders.length === 0) continue;
    // Every row has every column (a blank for none), so the columns keep their order.
    const metrics = SCENARIO_METRICS[scenario].filter((metric) =>
      results.runs.some((r) => r.scenario === scenario && Number.isFinite(r.figures[metric] ?? Number.NaN)),
    );
    const rows = contenders.map((contender) => {
      const runs = results.runs.filter((r) => r.scenario === scenario && r.contender === contender);
      const row: Record<string, string> = { contender: CONTENDER_LABELS[contender] };
      for (const metric of metrics)
        row[metric] = summary(
          runs.map((r) => r.figures[metric] ?? Number.NaN),
          DIGITS[metric] ?? 2,
        );
      const notes = [...new Set(runs.map((r) => r.note).filter((n): n is string => n !== undefined))];
      row.note = notes.join('; ').slice(0, 100);
      return row;
    });
    if (rows.every((row) => row.note === '')) for (const row of rows) delete row.note;
    printMarkdownTable(SCENARIO_TITLES[scenario], rows);
  }
  const ratioRows = ratios(results)
    .map((ratio) => {
      const values = roundList.map(ratio.value);
      const finite = values.filter(Number.isFinite);
      if (finite.length === 0) return undefined;
      const verdict = ratio.meets === undefined ? '' : ratio.meets(median(finite)) ? 'met' : 'NOT met';
      return {
        ratio: ratio.label,
        'median (min–max)': summary(values, ratio.digits, ratio.unit),
        target: ratio.target ?? '',
        verdict,
      };
    })
    .filter((row): row is NonNullable<typeof row> => row !== undefined);
  printMarkdownTable('Ratios (each computed within a round, then median and range over rounds)', ratioRows);
  const peaks = [...results.lifetimePeakMb].map(([contender, mb]) => ({
    process: CONTENDER_LABELS[contender],
    'VmHWM MB (lifetime peak, start-up included)': fmt(mb, 0),
  }));
  if (results.embeddedStartPeakMb !== undefined)
    peaks.push({
      process: 'gateway (embedded db), first start',
      'VmHWM MB (lifetime peak, start-up included)': fmt(results.embeddedStartPeakMb, 0),
    });
  if (peaks.length > 0) printMarkdownTable('Peak memory of each process over the whole run', peaks);
}
