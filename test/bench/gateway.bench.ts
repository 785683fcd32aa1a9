// npm run bench:gateway — the gateway (audit on, commit durability, real Postgres) under autocannon,
// against the same fake upstream called directly and through a bare node:http proxy: throughput
// and latency at 50 connections, added latency at 1 connection, and the gateway's RSS under load.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase } from '../support/test-database';
import { fmt, printTable } from './bench-stats';
import { sequentialLatency } from './sequential-client';

const OLLAMA_PORT = 18281;
const OPENAI_PORT = 18280;
const GATEWAY_PORT = 18282;
const PROXY_PORT = 18283;
const DURATION_S = 8;
const SEQUENTIAL_REQUESTS = 3000;
/** As `npm start` and the container image run the gateway. */
const GATEWAY_NODE_FLAGS = ['--max-old-space-size=256'];

function start(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve(child);
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function cannon(url: string, body: object, connections: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function row(path: string, result: autocannon.Result): Record<string, string | number> {
  return {
    path,
    'req/s': fmt(result.requests.average, 0),
    'p50 ms': fmt(result.latency.p50, 2),
    'p99 ms': fmt(result.latency.p99, 2),
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_gateway');
  // The gateway runs as built (`nest build gateway`), as in production; the fakes and the bare
  // proxy in processes of their own.
  execFileSync('npx', ['nest', 'build', 'gateway'], { stdio: 'inherit' });
  const fakes = await start(
    ['-r', 'ts-node/register/transpile-only', 'test/fakes/run-fakes.ts'],
    { FAKE_OPENAI_PORT: String(OPENAI_PORT), FAKE_OLLAMA_PORT: String(OLLAMA_PORT) },
    'OLLAMA_HOST',
  );
  const proxy = await start(
    ['-r', 'ts-node/register/transpile-only', 'test/bench/bare-proxy.ts'],
    { PORT: String(PROXY_PORT), UPSTREAM: `http://127.0.0.1:${OLLAMA_PORT}/api/chat` },
    'bare proxy ready',
  );
  const gateway = await start(
    [...GATEWAY_NODE_FLAGS, 'dist/apps/gateway/apps/gateway/src/main.js'],
    {
      PORT: String(GATEWAY_PORT),
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pm-bench-gw-')),
      OLLAMA_HOST: `http://127.0.0.1:${OLLAMA_PORT}`,
      OPENAI_BASE_URL: `http://127.0.0.1:${OPENAI_PORT}/v1`,
      LOG_LEVEL: 'info',
      AUDIT_DURABILITY: 'commit',
    },
    'Nest application successfully started',
  );
  try {
    const messages = [{ role: 'user', content: 'hello there, how are you today?' }];
    const gatewayBody = { messages };
    const directBody = { model: 'llama3.2', messages, stream: false };
    const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/v1/chat`;
    const directUrl = `http://127.0.0.1:${OLLAMA_PORT}/api/chat`;
    const proxyUrl = `http://127.0.0.1:${PROXY_PORT}/api/chat`;
    await cannon(gatewayUrl, gatewayBody, 10); // warm up
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(gateway.pid!))), 250);
    const through = await cannon(gatewayUrl, gatewayBody, 50);
    clearInterval(sampler);
    const direct = await cannon(directUrl, directBody, 50);
    const bare = await cannon(proxyUrl, directBody, 50);
    const throughOne = await cannon(gatewayUrl, gatewayBody, 1);
    const directOne = await cannon(directUrl, directBody, 1);
    printTable(
      `POST /v1/chat through the gateway vs the fake Ollama directly and through a bare proxy, ${DURATION_S} s each (audit on, commit durability, PostgreSQL)`,
      [
        row('gateway, 50 connections', through),
        row('direct, 50 connections', direct),
        row('bare node:http proxy, 50 connections', bare),
        row('gateway, 1 connection', throughOne),
        row('direct, 1 connection', directOne),
      ],
    );
    // autocannon counts whole milliseconds; at one connection the difference needs the clock itself.
    const gatewaySeq = await sequentialLatency(gatewayUrl, gatewayBody, SEQUENTIAL_REQUESTS);
    const directSeq = await sequentialLatency(directUrl, directBody, SEQUENTIAL_REQUESTS);
    printTable(`One connection, ${SEQUENTIAL_REQUESTS} sequential requests each, timed in microseconds`, [
      { path: 'gateway', 'p50 ms': fmt(gatewaySeq.p50Ms, 3), 'p90 ms': fmt(gatewaySeq.p90Ms, 3) },
      { path: 'direct', 'p50 ms': fmt(directSeq.p50Ms, 3), 'p90 ms': fmt(directSeq.p90Ms, 3) },
    ]);
    process.stdout.write(
      `added latency at 1 connection (p50): ${fmt(gatewaySeq.p50Ms - directSeq.p50Ms, 2)} ms\n` +
        `gateway throughput vs the bare proxy at 50 connections: ${fmt(through.requests.average / bare.requests.average, 2)}x\n` +
        `gateway peak RSS under 50 connections: ${fmt(peakRss, 0)} MB\n`,
    );
  } finally {
    await Promise.all([stop(gateway), stop(proxy), stop(fakes)]);
    await database.drop();
  }
}

void main();
