// The gateway bench's scenarios, one run of one contender each, with the CPU and memory of every
// process involved (docs/PERFORMANCE.md, "Method").
import autocannon from 'autocannon';
import type { Client } from 'pg';
import { pacedWords } from '../fakes/fake-server';
import type { Contender, Upstream } from './bench-contenders';
import type { CommitProbe } from './commit-probe';
import type { BenchOptions, ContenderId, ScenarioId } from './gateway-bench-options';
import type { RunFigures } from './gateway-bench-report';
import { UsageWindow } from './process-usage';
import { sequentialLatency } from './sequential-client';
import { oneStream, streamLoad } from './sse-load';

const MESSAGES = [{ role: 'user', content: 'hello there, how are you today?' }];
export const WHOLE_BODY = { model: 'gpt-4o-mini', messages: MESSAGES };
const STREAM_BODY = { model: 'gpt-4o-mini', messages: MESSAGES, stream: true };

/** A cost per completed operation; none (not infinite) when nothing completed. */
const perOp = (total: number, operations: number) => (operations > 0 ? total / operations : Number.NaN);

/** What every run needs: the options, the processes, and the connections to the database. */
export interface Bench {
  readonly options: BenchOptions;
  readonly upstream: Upstream;
  readonly contenders: Map<ContenderId, Contender>;
  readonly admin: Client;
  /** One client per gateway database on Postgres, for audit counts. */
  readonly databases: Map<string, Client>;
  readonly probe: CommitProbe | undefined;
}

/** The Postgres backends serving a contender's pool (their CPU is the database's share of a request). */
async function backendPids(bench: Bench, contender: Contender): Promise<number[]> {
  if (contender.databaseName === undefined) return [];
  const { rows } = await bench.admin.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
    [contender.databaseName],
  );
  return rows.map((row) => row.pid);
}

async function auditedStreams(bench: Bench, contender: Contender): Promise<number> {
  const client =
    contender.databaseName === undefined ? undefined : bench.databases.get(contender.databaseName);
  if (client === undefined) return Number.NaN;
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_events WHERE stream');
  return Number(rows[0]?.n ?? Number.NaN);
}

/** CPU and RSS of the contender, the upstream and the contender's database backends over `run`. */
async function measured<T>(
  bench: Bench,
  contender: Contender,
  run: () => Promise<T>,
): Promise<{
  result: T;
  own?: { cpuMs: number; peakRssMb: number };
  upstreamCpuMs: number;
  postgresCpuMs: number;
  /** The bench process itself (the load generator): if it nears a core, it is the bottleneck. */
  clientCpuMs: number;
}> {
  const backends = await backendPids(bench, contender);
  const own = contender.process?.pid;
  const pids = [bench.upstream.process.pid, ...(own === undefined ? [] : [own]), ...backends];
  const window = new UsageWindow(pids);
  const clientStart = process.cpuUsage();
  let readings;
  let result: T;
  try {
    result = await run();
  } finally {
    readings = window.stop();
  }
  const client = process.cpuUsage(clientStart);
  const postgresCpuMs = backends.reduce((sum, pid) => sum + (readings.get(pid)?.cpuMs ?? 0), 0);
  return {
    result,
    own: own === undefined ? undefined : readings.get(own),
    upstreamCpuMs: readings.get(bench.upstream.process.pid)?.cpuMs ?? Number.NaN,
    postgresCpuMs: backends.length > 0 ? postgresCpuMs : Number.NaN,
    clientCpuMs: (client.user + client.system) / 1000,
  };
}

function cannon(contender: Contender, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: contender.url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { ...contender.headers, 'content-type': 'application/json' },
    body: JSON.stringify(WHOLE_BODY),
  });
}

async function runWhole50(bench: Bench, contender: Contender): Promise<RunOutcome> {
  // Warm-up: JIT, pools, keep-alive connections.
  await cannon(contender, 50, Math.min(1, bench.options.wholeSeconds / 2));
  const { result, own, upstreamCpuMs, postgresCpuMs, clientCpuMs } = await measured(bench, contender, () =>
    cannon(contender, 50, bench.options.wholeSeconds),
  );
  const ok = result['2xx'];
  const errors = result.non2xx + result.errors;
  return {
    'req/s': ok / result.duration,
    // With no answer, autocannon reports latencies of 0: there are none.
    'p50 ms': ok > 0 ? result.latency.p50 : Number.NaN,
    'p99 ms': ok > 0 ? result.latency.p99 : Number.NaN,
    errors,
    'CPU ms/op': perOp(own?.cpuMs ?? Number.NaN, ok),
    'upstream CPU ms/op': perOp(upstreamCpuMs, ok),
    'postgres CPU ms/op': perOp(postgresCpuMs, ok),
    'client CPU ms/op': perOp(clientCpuMs, ok),
    'peak RSS MB': own?.peakRssMb ?? Number.NaN,
    ...(errors > 0
      ? { note: `${result.non2xx} non-2xx, ${result.errors} connection errors` }
      : ok === 0
        ? { note: 'no answer within the run (is it longer than the latency?)' }
        : {}),
  };
}

async function runWhole1(bench: Bench, contender: Contender): Promise<RunOutcome> {
  const requests = bench.options.sequentialRequests;
  const warmup = Math.min(200, requests);
  const { result, own, postgresCpuMs } = await measured(bench, contender, () =>
    sequentialLatency(contender.url, WHOLE_BODY, requests, { headers: contender.headers, warmup }),
  );
  // The CPU window includes the warm-up requests.
  const total = requests + warmup;
  return {
    'p50 µs': result.p50Us,
    'p99 µs': result.p99Us,
    'CPU ms/op': perOp(own?.cpuMs ?? Number.NaN, total),
    'postgres CPU ms/op': perOp(postgresCpuMs, total),
  };
}

async function runStreams(bench: Bench, contender: Contender, clients: number): Promise<RunOutcome> {
  const { streamChunks, streamIntervalMs, streamSeconds } = bench.options;
  const auditedBefore = await auditedStreams(bench, contender);
  const { result, own, upstreamCpuMs, clientCpuMs } = await measured(bench, contender, () =>
    streamLoad({
      url: contender.url,
      headers: contender.headers,
      body: STREAM_BODY,
      clients,
      windowMs: streamSeconds * 1000,
      expectedContent: pacedWords('cloud', { chunks: streamChunks, intervalMs: streamIntervalMs }).join(''),
      rampMs: streamChunks * streamIntervalMs,
    }),
  );
  const audited = (await auditedStreams(bench, contender)) - auditedBefore;
  const notes = [
    ...(result.errors > 0 ? [`errors: ${result.errorKinds.join(', ')}`] : []),
    ...(Number.isFinite(audited) && audited !== result.completed
      ? [`${audited} audit rows for ${result.completed} completed streams`]
      : []),
  ];
  return {
    'streams/s': result.completedInWindow / streamSeconds,
    'TTFB p50 ms': result.ttfbP50Ms,
    'TTFB p99 ms': result.ttfbP99Ms,
    'stream p50 ms': result.durationP50Ms,
    errors: result.errors,
    audited,
    'CPU ms/op': perOp(own?.cpuMs ?? Number.NaN, result.completed),
    'upstream CPU ms/op': perOp(upstreamCpuMs, result.completed),
    'client CPU ms/op': perOp(clientCpuMs, result.completed),
    'peak RSS MB': own?.peakRssMb ?? Number.NaN,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/** A run's figures, and what went wrong in it if anything did. */
export type RunOutcome = RunFigures['figures'] & { note?: string };

export function runScenario(bench: Bench, scenario: ScenarioId, contender: Contender): Promise<RunOutcome> {
  switch (scenario) {
    case 'whole50':
      return runWhole50(bench, contender);
    case 'whole1':
      return runWhole1(bench, contender);
    case 'stream300':
      return runStreams(bench, contender, 300);
    case 'stream1000':
      return runStreams(bench, contender, 1000);
  }
}

export /** A contender answers a whole request and one full stream before it is measured. */
async function check(bench: Pick<Bench, 'options'>, contender: Contender): Promise<string | undefined> {
  const res = await fetch(contender.url, {
    method: 'POST',
    headers: { ...contender.headers, 'content-type': 'application/json' },
    body: JSON.stringify(WHOLE_BODY),
  }).catch((error: Error) => error);
  if (res instanceof Error) return res.message;
  const text = await res.text();
  if (res.status !== 200) return `a whole answer got ${res.status}: ${text.slice(0, 200)}`;
  const { streamChunks, streamIntervalMs } = bench.options;
  const stream = await oneStream({
    url: contender.url,
    headers: contender.headers,
    body: STREAM_BODY,
    expectedContent: pacedWords('cloud', { chunks: streamChunks, intervalMs: streamIntervalMs }).join(''),
  });
  if (!stream.ok) return `a stream failed: ${stream.error}`;
  return undefined;
}
