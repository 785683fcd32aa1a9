// The soak's figures, as a Markdown table to paste into docs/PERFORMANCE.md, and the broken
// properties that make it exit non-zero.
import { fmt, printMarkdownTable } from '../bench/bench-stats';
import type { AbuseFigures } from './abusive-clients';
import type { LatencyFigures } from './health-probe';
import type { CloudFigures } from './soak-upstreams';
import type { AuditFigures, SpoolLeftovers, VerifyResult } from './soak-audit';
import type { Outcome } from './soak-traffic';

export interface TimelineEntry {
  /** Seconds since the first request. */
  readonly at: number;
  readonly event: string;
}

export interface SoakResults {
  readonly seconds: number;
  readonly timeline: readonly TimelineEntry[];
  readonly outcomes: readonly Outcome[];
  readonly abuse: AbuseFigures;
  readonly audit: AuditFigures;
  readonly spool: SpoolLeftovers;
  readonly verify: VerifyResult;
  readonly health: {
    readonly whole: LatencyFigures;
    readonly abuse: LatencyFigures;
    readonly outage: LatencyFigures;
  };
  readonly peakRssMb: number;
  readonly cloud: CloudFigures;
  /** Why the gateway ended before the SIGTERM, if it did. */
  readonly crash: string | undefined;
  /** The gateway's exit after the SIGTERM: code or signal, and how long the drain took. */
  readonly exit: { readonly code: string; readonly drainMs: number };
  /** The SIGHUP reload: whether the process lived and the new policy answered. */
  readonly reload: { readonly survived: boolean; readonly tookEffect: boolean };
}

const count = (value: number) => value.toLocaleString('en-US');

function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return (
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([value, n]) => `${value}: ${count(n)}`)
      .join(', ') || 'none'
  );
}

function latency(figures: LatencyFigures): string {
  if (figures.probes === 0) return 'no probes';
  return `p50 ${fmt(figures.p50Ms)} ms, p99 ${fmt(figures.p99Ms)} ms, max ${fmt(figures.maxMs)} ms (${count(figures.probes)} probes, ${count(figures.failed)} failed)`;
}

/** Sensitive requests the gateway answered from anywhere but the local provider. */
function sensitiveNotLocal(outcomes: readonly Outcome[]): number {
  return outcomes.filter(
    (outcome) =>
      outcome.answered &&
      outcome.sensitive &&
      (outcome.provider !== 'local' || (outcome.servedBy !== undefined && outcome.servedBy !== 'local')),
  ).length;
}

/** The broken properties, one line each; empty when all held. */
export function brokenProperties(results: SoakResults): string[] {
  const broken: string[] = [];
  const { audit } = results;
  if (results.crash !== undefined) broken.push(`the gateway ended before the SIGTERM: ${results.crash}`);
  if (results.exit.code !== '0')
    broken.push(`the gateway exited with ${results.exit.code} after the SIGTERM`);
  if (!results.reload.survived) broken.push('the SIGHUP ended the gateway');
  else if (!results.reload.tookEffect) broken.push('the reloaded policy never answered on /v1/routes');
  if (audit.lost.length > 0)
    broken.push(`${audit.lost.length} answered request(s) without an audit row, e.g. ${audit.lost[0]}`);
  if (audit.duplicates.length > 0)
    broken.push(
      `${audit.duplicates.length} request id(s) with more than one row, e.g. ${audit.duplicates[0]}`,
    );
  if (audit.answeredWithoutId > 0)
    broken.push(`${audit.answeredWithoutId} answer(s) without an X-Request-Id`);
  if (results.spool.rows > 0 || results.spool.quarantined > 0)
    broken.push(
      `the spool kept ${results.spool.rows} row(s) and ${results.spool.quarantined} torn line(s) after the gateway stopped`,
    );
  if (!results.verify.ok) broken.push(`audit verify failed: ${results.verify.output}`);
  if (results.cloud.sensitive > 0)
    broken.push(`${results.cloud.sensitive} sensitive prompt(s) reached the fake cloud`);
  const notLocal = sensitiveNotLocal(results.outcomes);
  if (notLocal > 0) broken.push(`${notLocal} sensitive request(s) answered by other than the local provider`);
  const errors = results.outcomes.filter((outcome) => outcome.status === 500).length;
  if (errors > 0) broken.push(`${errors} request(s) answered 500`);
  return broken;
}

export function printSoakReport(results: SoakResults): void {
  const { outcomes, audit, abuse } = results;
  const answered = outcomes.filter((outcome) => outcome.answered);
  const sensitive = outcomes.filter((outcome) => outcome.sensitive);
  process.stdout.write(
    `\nTimeline (s since the first request)\n${results.timeline.map((entry) => `  ${fmt(entry.at)}  ${entry.event}`).join('\n')}\n`,
  );
  const closed = [...abuse.slowHeaderClosedAfterMs].sort((a, b) => a - b);
  const rows: Record<string, string>[] = [
    { figure: 'run', value: `${fmt(results.seconds, 0)} s of traffic, then SIGTERM` },
    {
      figure: 'requests sent (well-behaved + slow bodies)',
      value: `${count(outcomes.length)} (${tally(outcomes.map((outcome) => outcome.kind))})`,
    },
    {
      figure: 'answered requests',
      value: `${count(answered.length)} (${tally(answered.map((outcome) => `${outcome.status}`))})`,
    },
    {
      figure: 'not answered, by why',
      value: tally(outcomes.filter((outcome) => !outcome.answered).map((outcome) => outcome.failure ?? '?')),
    },
    {
      figure: 'audit rows by request',
      value: `${count(audit.rows)} rows; ${count(audit.answeredWithOneRow)} of ${count(answered.length)} answered requests have exactly one; ${count(audit.lost.length)} lost`,
    },
    { figure: 'duplicate rows', value: count(audit.duplicates.length) },
    {
      figure: 'rows of requests not seen answered',
      value: `${count(audit.rowsOfUnanswered.unreadStreams)} unread streams, ${count(audit.rowsOfUnanswered.seenUnanswered)} cut or refused, ${count(audit.rowsOfUnanswered.unseen)} unseen`,
    },
    {
      figure: 'rows by status',
      value: Object.entries(audit.byStatus)
        .map(([status, n]) => `${status}: ${count(n)}`)
        .join(', '),
    },
    {
      figure: 'spool after stop',
      value: `${results.spool.rows} rows, ${results.spool.quarantined} torn lines`,
    },
    {
      figure: 'audit verify',
      value: results.verify.ok ? results.verify.output : `FAILED: ${results.verify.output}`,
    },
    { figure: 'health latency, whole run', value: latency(results.health.whole) },
    { figure: 'health latency, during the abuse', value: latency(results.health.abuse) },
    { figure: 'health latency, Postgres down', value: latency(results.health.outage) },
    { figure: 'gateway peak RSS', value: `${fmt(results.peakRssMb)} MB` },
    {
      figure: 'sensitive prompts',
      value: `${count(sensitive.length)} sent, ${count(sensitive.filter((o) => o.answered).length)} answered, ${count(sensitiveNotLocal(outcomes))} answered other than locally, ${count(results.cloud.sensitive)} reached the fake cloud (of ${count(results.cloud.requests)} cloud requests)`,
    },
    {
      figure: 'unread streams',
      value: `${count(abuse.unreadStreams)} opened (${count(abuse.unreadStreamIds.length)} got a head); their rows: ${
        Object.entries(audit.unreadStreamRows)
          .map(([kind, n]) => `${kind}: ${count(n)}`)
          .join(', ') || 'none'
      }`,
    },
    {
      figure: 'slow-header sockets',
      value: `${count(abuse.slowHeaderSockets)} opened, ${count(closed.length)} closed by the gateway${closed.length > 0 ? ` after ${fmt(closed[0]! / 1000)}–${fmt(closed.at(-1)! / 1000)} s` : ''}`,
    },
    {
      figure: 'slow bodies',
      value: `${count(abuse.slowBodies)} sent, ${count(abuse.slowBodiesCut)} cut before an answer`,
    },
    {
      figure: 'SIGHUP',
      value: `${results.reload.survived ? 'survived' : 'ENDED THE GATEWAY'}; reloaded policy ${results.reload.tookEffect ? 'in force' : 'NOT in force'}`,
    },
    {
      figure: 'SIGTERM',
      value: `exit ${results.exit.code} after ${fmt(results.exit.drainMs / 1000)} s`,
    },
  ];
  printMarkdownTable('Soak — npm run soak', rows);
}
