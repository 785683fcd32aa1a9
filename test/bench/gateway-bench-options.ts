// What `npm run bench:gateway` measures and for how long: flags (`npm run bench:gateway -- --smoke`)
// or the BENCH_* variables, flags winning.

export const SCENARIOS = ['whole50', 'whole1', 'stream300', 'stream1000'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/**
 * `auth` is the gateway with AUTH_MODE=keys, `embedded` the gateway on its embedded database,
 * `before` another build of the gateway on Postgres (BENCH_BEFORE_ENTRY: the main.js of another
 * checkout's dist/), so a change is measured against the code it replaces in the same run.
 */
export const CONTENDERS = ['direct', 'bare', 'portkey', 'gateway', 'auth', 'embedded', 'before'] as const;
export type ContenderId = (typeof CONTENDERS)[number];

export interface BenchOptions {
  readonly rounds: number;
  readonly scenarios: readonly ScenarioId[];
  readonly contenders: readonly ContenderId[];
  /** Each whole-answer run at 50 connections, after a 1 s warm-up. */
  readonly wholeSeconds: number;
  /** Sequential requests per contender and round at 1 connection. */
  readonly sequentialRequests: number;
  /** The fixed window in which streams are started (and counted when they end within it). */
  readonly streamSeconds: number;
  /** The upstream's pace for streamed answers: this many content chunks, this many ms apart. */
  readonly streamChunks: number;
  readonly streamIntervalMs: number;
  /** INSERT+COMMIT round trips timed per round for the one-connection comparison. */
  readonly commitSamples: number;
  /** Production runs the built code: rebuild it when the sources changed, always, or never. */
  readonly build: 'auto' | 'always' | 'never';
  /** Also write every round's raw figures here. */
  readonly jsonFile: string | undefined;
}

export const USAGE = `npm run bench:gateway [-- options]          (defaults; --smoke's in brackets)
  --smoke                 one short round of everything: proves the chain, measures nothing
  --rounds=N              each runs every contender once per scenario (BENCH_ROUNDS, 3 [1])
  --scenarios=a,b         ${SCENARIOS.join(',')} (BENCH_SCENARIOS, all)
  --contenders=a,b        ${CONTENDERS.join(',')} (BENCH_CONTENDERS, all)
  --whole-seconds=S       each run at 50 connections (BENCH_WHOLE_SECONDS, 8 [2])
  --requests=N            sequential requests per run at 1 connection (BENCH_REQUESTS, 2000 [300])
  --stream-seconds=S      each streaming window (BENCH_STREAM_SECONDS, 10 [4])
  --stream-chunks=N       content chunks per upstream stream (BENCH_STREAM_CHUNKS, 20)
  --stream-interval-ms=M  ms between them (BENCH_STREAM_INTERVAL_MS, 50)
  --build / --no-build    rebuild the gateway always / never (BENCH_BUILD=1|0; default: when
                          its sources changed)
  --json=FILE             also write the raw figures of every round (BENCH_JSON)
  BENCH_BEFORE_ENTRY=dist/apps/gateway/src/main.js of another checkout: the 'before' contender
  BENCH_GATEWAY_ENTRY=the same, used as the gateway instead of this checkout's build`;

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item as T))
      throw new Error(`unknown ${what} "${item}" (one of ${allowed.join(', ')})`);
  return items as T[];
}

/** Every contender; `before` only when there is another build to compare with. */
function defaultContenders(env: Readonly<Record<string, string | undefined>>): string {
  return CONTENDERS.filter((id) => id !== 'before' || env.BENCH_BEFORE_ENTRY !== undefined).join(',');
}

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`${name} must be a positive number, not "${value}"`);
  return number;
}

/** `--name=value` and `--flag` (value `true`) by name, or 'help'; anything else is an error. */
export function parseFlags(argv: readonly string[], usage: string): Map<string, string> | 'help' {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument "${arg}"\n${usage}`);
    flags.set(match[1]!, match[2] ?? 'true');
  }
  return flags;
}

export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions | 'help' {
  const flags = parseFlags(argv, USAGE);
  if (flags === 'help') return 'help';
  const smoke = flags.has('smoke') || env.BENCH_SMOKE === '1';
  const pick = (flag: string, variable: string, normal: string, short: string) =>
    flags.get(flag) ?? env[variable] ?? (smoke ? short : normal);
  const known = new Set([
    'smoke',
    'rounds',
    'scenarios',
    'contenders',
    'whole-seconds',
    'requests',
    'stream-seconds',
    'stream-chunks',
    'stream-interval-ms',
    'build',
    'no-build',
    'json',
  ]);
  for (const flag of flags.keys())
    if (!known.has(flag)) throw new Error(`unknown option --${flag}\n${USAGE}`);
  return {
    rounds: Math.round(positive(pick('rounds', 'BENCH_ROUNDS', '3', '1'), 'rounds')),
    scenarios: list(
      pick('scenarios', 'BENCH_SCENARIOS', SCENARIOS.join(','), SCENARIOS.join(',')),
      SCENARIOS,
      'scenario',
    ),
    contenders: list(
      pick('contenders', 'BENCH_CONTENDERS', defaultContenders(env), defaultContenders(env)),
      CONTENDERS,
      'contender',
    ),
    wholeSeconds: positive(pick('whole-seconds', 'BENCH_WHOLE_SECONDS', '8', '2'), 'whole-seconds'),
    sequentialRequests: Math.round(positive(pick('requests', 'BENCH_REQUESTS', '2000', '300'), 'requests')),
    streamSeconds: positive(pick('stream-seconds', 'BENCH_STREAM_SECONDS', '10', '4'), 'stream-seconds'),
    streamChunks: Math.round(
      positive(pick('stream-chunks', 'BENCH_STREAM_CHUNKS', '20', '20'), 'stream-chunks'),
    ),
    streamIntervalMs: positive(
      pick('stream-interval-ms', 'BENCH_STREAM_INTERVAL_MS', '50', '50'),
      'stream-interval-ms',
    ),
    commitSamples: smoke ? 200 : 1000,
    build:
      flags.has('no-build') || (!flags.has('build') && env.BENCH_BUILD === '0')
        ? 'never'
        : flags.has('build') || env.BENCH_BUILD === '1'
          ? 'always'
          : 'auto',
    jsonFile: flags.get('json') ?? env.BENCH_JSON,
  };
}
