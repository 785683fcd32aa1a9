// npm run soak — the built gateway under mixed traffic for a few minutes, against a Postgres of the
// soak's own that it kills and restarts: whole answers and streams on both chat routes, sensitive
// prompts, unread streams, slow clients, a SIGHUP reload, a SIGTERM at the end. Then the audit trail
// is checked request by request and with `audit verify`. Prints figures; exits 1 when a property
// broke (a lost or duplicate row, verify failing, a sensitive prompt at the cloud, a crash).
// AUTH_MODE=none: the gateway listens on loopback only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../bench/bench-contenders';
import { stopProcess } from '../bench/bench-processes';
import { buildGateway } from '../bench/gateway-build';
import { UsageWindow } from '../bench/process-usage';
import { AbusiveClients } from './abusive-clients';
import { HealthProbe, latencyBetween } from './health-probe';
import { PrivatePostgres } from './private-postgres';
import { auditFigures, auditVerify, spoolLeftovers } from './soak-audit';
import { parseSoakOptions, USAGE, type SoakOptions } from './soak-options';
import { PromptMix, RELOADED_POLICY, START_POLICY } from './soak-prompts';
import { brokenProperties, printSoakReport, type TimelineEntry } from './soak-report';
import { SoakTraffic } from './soak-traffic';
import { SoakUpstreams } from './soak-upstreams';

const DATABASE = 'soak_test';
const log = (line: string) => process.stdout.write(`[soak] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function policyVersion(origin: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${origin}/v1/routes`, { signal: AbortSignal.timeout(5000) });
    return ((await res.json()) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

async function soak(options: SoakOptions, runDir: string): Promise<boolean> {
  const entry = buildGateway(options.build, log);
  log(`run folder ${runDir}`);
  const postgres = await PrivatePostgres.create(runDir, DATABASE);
  log(`private Postgres on 127.0.0.1:${postgres.port}`);
  const upstreams = await SoakUpstreams.start({
    chunks: options.streamChunks,
    intervalMs: options.streamIntervalMs,
  });
  const databaseUrl = postgres.url(DATABASE);
  const hmacKey = `soak-${randomBytes(24).toString('hex')}`;
  try {
    const gateway = await startGateway(runDir, upstreams, {
      id: 'gateway',
      entry,
      database: { name: DATABASE, url: databaseUrl },
      policy: START_POLICY,
      // debug: a provider failure's detail (the upstream's words, masked) is in the kept log.
      extraEnv: { AUDIT_HMAC_KEY: hmacKey, LOG_LEVEL: 'debug' },
    });
    const proc = gateway.process!;
    const origin = new URL(gateway.url).origin;
    log(`gateway ${origin} (pid ${proc.pid}, AUTH_MODE=none on loopback)`);

    /** When the SIGTERM was sent (0: not yet): an exit before it is a crash. */
    const shutdown = { at: 0 };
    let crash: string | undefined;
    const exited = new Promise<string>((resolve) =>
      proc.child.once('exit', (code, signal) => {
        const how = code !== null ? String(code) : String(signal);
        if (shutdown.at === 0) crash = `exit ${how}`;
        resolve(how);
      }),
    );
    const usage = new UsageWindow([proc.pid], 200);
    const probe = new HealthProbe(origin);
    const prompts = new PromptMix();
    const traffic = new SoakTraffic(origin, prompts);
    const abuse = new AbusiveClients(Number(new URL(origin).port), prompts);
    const timeline: TimelineEntry[] = [];
    const start = Date.now();
    const mark = (event: string) => {
      timeline.push({ at: (Date.now() - start) / 1000, event });
      log(event);
    };
    const until = (fraction: number) =>
      sleep(Math.max(0, start + fraction * options.seconds * 1000 - Date.now()));
    const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;

    traffic.start(options.clients, options.pauseMs);
    mark(`traffic starts: ${options.clients} clients`);

    await until(0.15);
    abuse.start({
      unreadStreams: options.unreadStreams,
      unreadHoldMs: options.unreadHoldSeconds * 1000,
      unreadStreamChunks: options.unreadStreamChunks,
      slowClients: options.slowClients,
    });
    const abuseFrom = Date.now();
    mark(
      `abuse starts: waves of ${options.unreadStreams} unread streams of ${options.unreadStreamChunks} chunks, ${options.slowClients} slow clients`,
    );

    await until(0.3);
    await postgres.kill();
    const outageFrom = Date.now();
    mark('Postgres killed (immediate shutdown)');
    await sleep(options.outageSeconds * 1000);
    await postgres.start();
    const outageTo = Date.now();
    mark('Postgres restarted');

    await until(0.6);
    const before = await policyVersion(origin);
    proc.child.kill('SIGHUP');
    mark('SIGHUP with the policy unchanged');
    await sleep(1000);
    const policyFile = join(runDir, 'policy.json');
    writeFileSync(`${policyFile}.new`, JSON.stringify(RELOADED_POLICY, null, 2));
    renameSync(`${policyFile}.new`, policyFile);
    proc.child.kill('SIGHUP');
    mark('policy file replaced (a keyword added), SIGHUP');
    let tookEffect = false;
    for (let tries = 0; tries < 50 && alive() && !tookEffect; tries += 1) {
      await sleep(200);
      const now = await policyVersion(origin);
      tookEffect = now !== undefined && now !== before;
    }
    const survived = alive();
    if (tookEffect) {
      prompts.reloaded = true;
      mark('reloaded policy in force: prompts with the new keyword start');
    }

    await until(0.85);
    await abuse.stop();
    const abuseTo = Date.now();
    mark('abuse ends');

    await until(1);
    shutdown.at = Date.now();
    mark('SIGTERM under traffic');
    await stopProcess(proc, 60_000);
    const code = await exited;
    const drainMs = Date.now() - shutdown.at;
    mark(`gateway exited (${code})`);
    await traffic.stop();
    const samples = await probe.stop();
    const peakRssMb = usage.stop().get(proc.pid)?.peakRssMb ?? Number.NaN;
    await upstreams.stop();

    const outcomes = [...traffic.outcomes, ...abuse.outcomes];
    const results = {
      seconds: options.seconds,
      timeline,
      outcomes,
      abuse: abuse.figures,
      audit: await auditFigures(databaseUrl, outcomes, abuse.figures.unreadStreamIds),
      spool: spoolLeftovers(join(runDir, 'gateway', 'spool')),
      verify: await auditVerify(databaseUrl, hmacKey, proc.logFile),
      health: {
        whole: latencyBetween(samples, start, shutdown.at),
        abuse: latencyBetween(samples, abuseFrom, abuseTo),
        outage: latencyBetween(samples, outageFrom, outageTo),
      },
      peakRssMb,
      cloud: upstreams.cloud,
      crash,
      exit: { code, drainMs },
      reload: { survived, tookEffect },
    };
    printSoakReport(results);
    const broken = brokenProperties(results);
    process.stdout.write(
      broken.length === 0
        ? '\nAll properties held.\n'
        : `\nBROKEN:\n${broken.map((line) => `  - ${line}`).join('\n')}\n`,
    );
    return broken.length === 0;
  } finally {
    await upstreams.stop().catch(() => undefined);
    await postgres.stop();
  }
}

async function main(): Promise<void> {
  const options = parseSoakOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const runDir = mkdtempSync(join(tmpdir(), 'policy-mesh-soak-'));
  let held = false;
  try {
    held = await soak(options, runDir);
  } finally {
    if (options.keep || !held) log(`logs and data kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  // Keep-alive sockets of the clients would hold the process open a while longer.
  process.exit(held ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
