// npm run bench:gateway — the gateway (audit on, commit durability, real Postgres) under autocannon,
// against the same fake upstream called directly: throughput and latency at 50 connections,
// added latency at 1 connection, and the gateway's RSS under load.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase } from '../support/test-database';
import { fmt, printTable } from './bench-stats';

const OLLAMA_PORT = 18281;
const OPENAI_PORT = 18280;
const GATEWAY_PORT = 18282;
const DURATION_S = 8;

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

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_gateway');
  // The gateway runs as built (`nest build gateway`), as in production; the fakes in a third process.
  execFileSync('npx', ['nest', 'build', 'gateway'], { stdio: 'inherit' });
  const fakes = await start(
    ['-r', 'ts-node/register/transpile-only', 'test/fakes/run-fakes.ts'],
    { FAKE_OPENAI_PORT: String(OPENAI_PORT), FAKE_OLLAMA_PORT: String(OLLAMA_PORT) },
    'OLLAMA_HOST',
  );
  const gateway = await start(
    ['dist/apps/gateway/apps/gateway/src/main.js'],
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
    const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/v1/chat`;
    const directUrl = `http://127.0.0.1:${OLLAMA_PORT}/api/chat`;
    await cannon(gatewayUrl, { messages }, 10); // warm up
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(gateway.pid!))), 250);
    const through = await cannon(gatewayUrl, { messages }, 50);
    clearInterval(sampler);
    const direct = await cannon(directUrl, { model: 'llama3.2', messages, stream: false }, 50);
    const throughOne = await cannon(gatewayUrl, { messages }, 1);
    const directOne = await cannon(directUrl, { model: 'llama3.2', messages, stream: false }, 1);
    printTable(
      `POST /v1/chat through the gateway vs the fake Ollama directly, ${DURATION_S} s each (audit on, commit durability, PostgreSQL)`,
      [
        {
          path: 'gateway, 50 connections',
          'req/s': fmt(through.requests.average, 0),
          'p50 ms': fmt(through.latency.p50, 2),
          'p99 ms': fmt(through.latency.p99, 2),
          non2xx: through.non2xx,
        },
        {
          path: 'direct, 50 connections',
          'req/s': fmt(direct.requests.average, 0),
          'p50 ms': fmt(direct.latency.p50, 2),
          'p99 ms': fmt(direct.latency.p99, 2),
          non2xx: direct.non2xx,
        },
        {
          path: 'gateway, 1 connection',
          'req/s': fmt(throughOne.requests.average, 0),
          'p50 ms': fmt(throughOne.latency.p50, 2),
          'p99 ms': fmt(throughOne.latency.p99, 2),
          non2xx: throughOne.non2xx,
        },
        {
          path: 'direct, 1 connection',
          'req/s': fmt(directOne.requests.average, 0),
          'p50 ms': fmt(directOne.latency.p50, 2),
          'p99 ms': fmt(directOne.latency.p99, 2),
          non2xx: directOne.non2xx,
        },
      ],
    );
    process.stdout.write(
      `added latency at 1 connection (p50): ${fmt(throughOne.latency.p50 - directOne.latency.p50, 2)} ms\n`,
    );
    process.stdout.write(`gateway peak RSS under 50 connections: ${fmt(peakRss, 0)} MB\n`);
  } finally {
    gateway.kill('SIGTERM');
    fakes.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
    await database.drop();
  }
}

void main();
