// npm run bench:gateway — the gateway against its floor and its peer, side by side in one run
// (docs/PERFORMANCE.md, "Method"): the fake OpenAI upstream alone, a bare keep-alive node:http
// proxy, the Portkey open-source gateway and the gateway as production runs it, all on
// POST /v1/chat/completions to the same upstream; whole answers at 50 connections and at 1,
// streams from a slow upstream at 300 and 1,000 concurrent clients; rounds interleaved, the order
// of the contenders rotated each round. Prints figures, asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TEST_ADMIN_URL, type TestDatabase } from '../support/test-database';
import {
  authKeyFor,
  directContender,
  newAdminKey,
  startBareProxy,
  startGateway,
  startPortkey,
  startUpstream,
  stopContender,
  type Contender,
  type Upstream,
} from './bench-contenders';
import { stopProcess } from './bench-processes';
import { fmt } from './bench-stats';
import { CommitProbe } from './commit-probe';
import {
  parseBenchOptions,
  USAGE,
  type BenchOptions,
  type ContenderId,
  type ScenarioId,
} from './gateway-bench-options';
import {
  CONTENDER_LABELS,
  DIGITS,
  printReport,
  type BenchResults,
  type Metric,
  type RunFigures,
} from './gateway-bench-report';
import { check, runScenario, WHOLE_BODY, type Bench, type RunOutcome } from './gateway-bench-scenarios';
import { buildGateway } from './gateway-build';
import { ensurePortkey } from './portkey-install';
import { memoryMb } from './process-usage';

/** A pause between two runs: sockets close, timers drain, the collector catches up. */
const SETTLE_MS = 1000;

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Which contenders each scenario compares. The variants answer one question each. */
const SCENARIO_CONTENDERS: Record<ScenarioId, readonly ContenderId[]> = {
  whole50: ['direct', 'bare', 'portkey', 'gateway', 'auth', 'embedded', 'before'],
  whole1: ['direct', 'bare', 'portkey', 'gateway', 'auth', 'before'],
  stream300: ['direct', 'bare', 'portkey', 'gateway'],
  stream1000: ['direct', 'bare', 'portkey', 'gateway'],
};

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function progress(
  round: number,
  rounds: number,
  scenario: ScenarioId,
  contender: ContenderId,
  figures: RunFigures['figures'],
): void {
  const shown: Metric[] = [
    'req/s',
    'p99 ms',
    'p50 µs',
    'streams/s',
    'TTFB p99 ms',
    'errors',
    'CPU ms/op',
    'peak RSS MB',
  ];
  const parts = shown
    .filter((metric) => Number.isFinite(figures[metric] ?? Number.NaN))
    .map((metric) => `${metric} ${fmt(figures[metric]!, DIGITS[metric] ?? 1)}`);
  log(`round ${round}/${rounds} ${scenario} ${CONTENDER_LABELS[contender]}: ${parts.join(', ')}`);
}

async function runRounds(bench: Bench, results: BenchResults): Promise<void> {
  const { options } = bench;
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const scenario of options.scenarios) {
      if (scenario === 'whole1' && bench.probe !== undefined)
        results.commitP50Us.set(round, await bench.probe.p50Us(options.commitSamples));
      const order = rotate(
        SCENARIO_CONTENDERS[scenario].filter((id) => bench.contenders.has(id)),
        round - 1,
      );
      for (const id of order) {
        const contender = bench.contenders.get(id)!;
        let figures: RunOutcome;
        try {
          figures = await runScenario(bench, scenario, contender);
        } catch (error) {
          figures = {
            note: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
          };
          log(`round ${round}/${options.rounds} ${scenario} ${CONTENDER_LABELS[id]}: ${figures.note}`);
        }
        const { note, ...values } = figures;
        results.runs.push({ round, scenario, contender: id, figures: values, note });
        if (note === undefined || !note.startsWith('failed'))
          progress(round, options.rounds, scenario, id, values);
        await sleep(SETTLE_MS);
      }
      if (scenario === 'whole1') {
        // Added latency: against the upstream alone in the same round.
        const direct = results.runs.find(
          (r) => r.round === round && r.scenario === 'whole1' && r.contender === 'direct',
        );
        for (const run of results.runs)
          if (run.round === round && run.scenario === 'whole1' && direct !== undefined)
            run.figures['added p50 µs'] =
              (run.figures['p50 µs'] ?? Number.NaN) - (direct.figures['p50 µs'] ?? Number.NaN);
      }
    }
  }
}

async function main(): Promise<void> {
  let parsed: BenchOptions | 'help';
  try {
    parsed = parseBenchOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parsed;
  const started = Date.now();
  const runDir = mkdtempSync(join(tmpdir(), 'pm-bench-gw-'));
  const wanted = new Set(options.contenders);
  const contenders = new Map<ContenderId, Contender>();
  const databases: TestDatabase[] = [];
  const clients: Client[] = [];
  let upstream: Upstream | undefined;
  let probe: CommitProbe | undefined;
  const cleanup = async () => {
    await Promise.all([...contenders.values()].map((c) => stopContender(c).catch(() => undefined)));
    if (upstream !== undefined) await stopProcess(upstream.process).catch(() => undefined);
    await probe?.close().catch(() => undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
    if (process.env.BENCH_KEEP_LOGS === '1') log(`logs kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  log(
    `${cpus().length} cores, load average ${loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')}, node ${process.version}; ${options.rounds} round(s) of ${options.scenarios.join(', ')}`,
  );
  try {
    // BENCH_GATEWAY_ENTRY: another checkout's build as the gateway (with BENCH_BEFORE_ENTRY, one
    // change measured alone between two commits).
    const entry = !['gateway', 'auth', 'embedded'].some((id) => wanted.has(id as ContenderId))
      ? ''
      : (process.env.BENCH_GATEWAY_ENTRY ?? buildGateway(options.build, log));
    const portkey = wanted.has('portkey') ? ensurePortkey(log) : undefined;
    if (portkey !== undefined && 'error' in portkey) log(`Portkey skipped: ${portkey.error}`);
    const up = await startUpstream(runDir, options.streamChunks, options.streamIntervalMs);
    upstream = up;
    log(
      `upstream: fake OpenAI at ${up.origin}, streams of ${options.streamChunks} chunks ${options.streamIntervalMs} ms apart`,
    );
    const admin = new Client({ connectionString: TEST_ADMIN_URL });
    await admin.connect();
    clients.push(admin);
    const gatewayDatabases = new Map<string, Client>();
    const onPostgres = async (label: string) => {
      const database = await createTestDatabase(label);
      databases.push(database);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      clients.push(client);
      gatewayDatabases.set(database.name, client);
      return database;
    };
    if (wanted.has('gateway') || wanted.has('auth') || wanted.has('before')) {
      const probeDatabase = await createTestDatabase('bench_commit_probe');
      databases.push(probeDatabase);
      probe = await CommitProbe.open(probeDatabase.url);
    }
    const results: BenchResults = { runs: [], commitP50Us: new Map(), lifetimePeakMb: new Map() };
    const adminKey = newAdminKey();
    // The contenders start side by side; one that fails to start is left out with its reason.
    const starting: [ContenderId, () => Promise<Contender>][] = [
      ['direct', () => Promise.resolve(directContender(up))],
      ['bare', () => startBareProxy(runDir, up)],
      ...(portkey !== undefined && !('error' in portkey)
        ? [['portkey', () => startPortkey(runDir, up, portkey)] as [ContenderId, () => Promise<Contender>]]
        : []),
      [
        'gateway',
        async () =>
          startGateway(runDir, up, { id: 'gateway', entry, database: await onPostgres('bench_gateway') }),
      ],
      [
        'auth',
        async () =>
          startGateway(runDir, up, {
            id: 'auth',
            entry,
            database: await onPostgres('bench_gateway_auth'),
            extraEnv: { AUTH_MODE: 'keys', ADMIN_API_KEY: adminKey },
          }),
      ],
      ['embedded', () => startGateway(runDir, up, { id: 'embedded', entry })],
      [
        'before',
        async () => {
          const before = process.env.BENCH_BEFORE_ENTRY;
          if (before === undefined) throw new Error('BENCH_BEFORE_ENTRY names no built main.js');
          return startGateway(runDir, up, {
            id: 'before',
            entry: before,
            database: await onPostgres('bench_gateway_before'),
          });
        },
      ],
    ];
    await Promise.all(
      starting
        .filter(([id]) => wanted.has(id))
        .map(async ([id, start]) => {
          try {
            const contender = await start();
            contenders.set(id, contender);
            if (id === 'embedded') results.embeddedStartPeakMb = memoryMb(contender.process!.pid).hwm;
          } catch (error) {
            log(
              `${CONTENDER_LABELS[id]} left out: it did not start: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        }),
    );
    const auth = contenders.get('auth');
    if (auth !== undefined) {
      const key = await authKeyFor(auth, adminKey, WHOLE_BODY);
      if ('skip' in key) {
        log(`auth variant skipped: ${key.skip}`);
        await stopContender(auth);
        contenders.delete('auth');
      } else contenders.set('auth', { ...auth, headers: { authorization: `Bearer ${key.key}` } });
    }
    const bench: Bench = { options, upstream: up, contenders, admin, databases: gatewayDatabases, probe };
    for (const contender of [...contenders.values()]) {
      const problem = await check(bench, contender);
      if (problem !== undefined) {
        log(`${CONTENDER_LABELS[contender.id]} left out: ${problem}`);
        await stopContender(contender);
        contenders.delete(contender.id);
      }
    }
    log(`contenders: ${[...contenders.keys()].map((id) => CONTENDER_LABELS[id]).join(', ')}`);
    await runRounds(bench, results);
    for (const contender of contenders.values())
      if (contender.process !== undefined)
        results.lifetimePeakMb.set(contender.id, memoryMb(contender.process.pid).hwm);
    printReport(results, options.rounds, options.scenarios);
    if (options.jsonFile !== undefined) {
      writeFileSync(
        options.jsonFile,
        JSON.stringify(
          {
            options,
            machine: { cores: cpus().length, node: process.version },
            runs: results.runs,
            commit_p50_us: Object.fromEntries(results.commitP50Us),
            lifetime_peak_mb: Object.fromEntries(results.lifetimePeakMb),
            embedded_start_peak_mb: results.embeddedStartPeakMb,
          },
          null,
          2,
        ),
      );
      log(`raw figures written to ${options.jsonFile}`);
    }
    log(
      `done in ${fmt((Date.now() - started) / 1000, 0)} s; load average now ${loadavg()
        .map((l) => fmt(l, 2))
        .join(' ')}`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:gateway failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
