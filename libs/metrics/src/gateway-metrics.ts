// Every metric of the gateway, defined once (docs/ARCHITECTURE.md, "Metrics"). Labels are
// low-cardinality by construction: provider, status, endpoint, reason code, category — never a
// request id, a client key or free-text model names.
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';

const PREFIX = 'policy_mesh_';
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/** Re-uses a metric already in the registry: several app instances may share one process (tests). */
function metric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(`${PREFIX}${name}`) as T | undefined) ?? create();
}

export type ProviderLabel = 'local' | 'cloud' | 'none';
export type RequestStatus = 'success' | 'failure' | 'rejected';
export type AuditOutcomeLabel = 'written' | 'spooled' | 'failed';
/** Why the gateway refused a caller before doing anything for it (a closed set: bounded label). */
export const AUTH_REJECTION_CODES = [
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'AUTH_REVOKED',
  'AUTH_FORBIDDEN',
  'RATE_LIMITED',
] as const;
export type AuthRejectionCode = (typeof AUTH_REJECTION_CODES)[number];

@Injectable()
export class GatewayMetrics {
  readonly chatRequests = metric(
    'chat_requests_total',
    () =>
      new Counter({
        name: `${PREFIX}chat_requests_total`,
        help: 'Chat requests by provider that served (or was decided), status and endpoint',
        labelNames: ['provider', 'status', 'endpoint'],
      }),
  );
  readonly routingDecisions = metric(
    'routing_decisions_total',
    () =>
      new Counter({
        name: `${PREFIX}routing_decisions_total`,
        help: 'Routing decisions by provider and reason code',
        labelNames: ['provider', 'reason_code'],
      }),
  );
  readonly chatDuration = metric(
    'chat_request_duration_seconds',
    () =>
      new Histogram({
        name: `${PREFIX}chat_request_duration_seconds`,
        help: 'Whole chat request time',
        labelNames: ['provider'],
        buckets: LATENCY_BUCKETS,
      }),
  );
  readonly providerDuration = metric(
    'provider_request_duration_seconds',
    () =>
      new Histogram({
        name: `${PREFIX}provider_request_duration_seconds`,
        help: 'Provider call time by outcome',
        labelNames: ['provider', 'outcome'],
        buckets: LATENCY_BUCKETS,
      }),
  );
  readonly gatewayOverhead = metric(
    'gateway_overhead_seconds',
    () =>
      new Histogram({
        name: `${PREFIX}gateway_overhead_seconds`,
        help: 'Request time not spent in the provider',
        buckets: OVERHEAD_BUCKETS,
      }),
  );
  readonly providerFailures = metric(
    'provider_failures_total',
    () =>
      new Counter({
        name: `${PREFIX}provider_failures_total`,
        help: 'Provider failures by category',
        labelNames: ['provider', 'category'],
      }),
  );
  readonly fallbacks = metric(
    'fallbacks_total',
    () =>
      new Counter({
        name: `${PREFIX}fallbacks_total`,
        help: 'Fallbacks from one provider to the other',
        labelNames: ['from', 'to'],
      }),
  );
  readonly tokens = metric(
    'tokens_total',
    () =>
      new Counter({
        name: `${PREFIX}tokens_total`,
        help: 'Tokens by provider and direction',
        labelNames: ['provider', 'direction'],
      }),
  );
  readonly cost = metric(
    'cost_usd_total',
    () =>
      new Counter({
        name: `${PREFIX}cost_usd_total`,
        help: 'Estimated spend in USD by provider',
        labelNames: ['provider'],
      }),
  );
  readonly auditEvents = metric(
    'audit_events_total',
    () =>
      new Counter({
        name: `${PREFIX}audit_events_total`,
        help: 'Audit events by outcome (written, spooled, failed)',
        labelNames: ['outcome'],
      }),
  );
  readonly auditQueueDepth = metric(
    'audit_queue_depth',
    () => new Gauge({ name: `${PREFIX}audit_queue_depth`, help: 'Audit events waiting to be written' }),
  );
  readonly auditSpoolEvents = metric(
    'audit_spool_events',
    () =>
      new Gauge({
        name: `${PREFIX}audit_spool_events`,
        help: 'Audit events waiting in the spool for Postgres',
      }),
  );
  readonly auditBatchSize = metric(
    'audit_batch_size',
    () =>
      new Histogram({
        name: `${PREFIX}audit_batch_size`,
        help: 'Events per audit INSERT',
        buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      }),
  );
  readonly auditChainHeadSeq = metric(
    'audit_chain_head_seq',
    () =>
      new Gauge({
        name: `${PREFIX}audit_chain_head_seq`,
        help: "The highest seq of this process's audit chain committed to the database (a checkpoint Prometheus keeps)",
        labelNames: ['chain'],
      }),
  );
  readonly policyReloads = metric(
    'policy_reloads_total',
    () =>
      new Counter({
        name: `${PREFIX}policy_reloads_total`,
        help: 'Policy reload attempts by result',
        labelNames: ['result'],
      }),
  );
  readonly cloudBudget = metric(
    'cloud_budget_usd_per_day',
    () =>
      new Gauge({
        name: `${PREFIX}cloud_budget_usd_per_day`,
        help: "The policy's daily cloud budget in USD (absent when none is set)",
      }),
  );
  readonly providerUp = metric(
    'provider_up',
    () =>
      new Gauge({
        name: `${PREFIX}provider_up`,
        help: 'Whether the provider answered its last health probe (1) or not (0); readiness checks probe it',
        labelNames: ['provider'],
      }),
  );
  readonly policyInfo = metric(
    'policy_info',
    () =>
      new Gauge({
        name: `${PREFIX}policy_info`,
        help: 'The policy version in force (value 1)',
        labelNames: ['version'],
      }),
  );
  readonly authRejections = metric(
    'auth_rejections_total',
    () =>
      new Counter({
        name: `${PREFIX}auth_rejections_total`,
        help: 'Requests refused for their API key (missing, invalid, revoked, wrong scope) or its rate limit',
        labelNames: ['code'],
      }),
  );

  constructor() {
    // Every labelled series a dashboard or alert reads exists from the first scrape, at zero.
    for (const provider of ['local', 'cloud']) {
      for (const status of ['success', 'failure'])
        this.chatRequests.inc({ provider, status, endpoint: 'native' }, 0);
      this.cost.inc({ provider }, 0);
      this.fallbacks.inc({ from: provider, to: provider === 'local' ? 'cloud' : 'local' }, 0);
    }
    for (const outcome of ['written', 'spooled', 'failed']) this.auditEvents.inc({ outcome }, 0);
    for (const result of ['success', 'failure']) this.policyReloads.inc({ result }, 0);
    for (const code of AUTH_REJECTION_CODES) this.authRejections.inc({ code }, 0);
  }

  authRejected(code: AuthRejectionCode): void {
    this.authRejections.inc({ code });
  }

  decisionMade(provider: ProviderLabel, reasonCode: string): void {
    this.routingDecisions.inc({ provider, reason_code: reasonCode });
  }

  requestFinished(
    endpoint: string,
    provider: ProviderLabel,
    status: RequestStatus,
    totalSeconds: number,
    providerSeconds: number | null,
  ): void {
    this.chatRequests.inc({ provider, status, endpoint });
    if (status === 'rejected') return;
    this.chatDuration.observe({ provider }, totalSeconds);
    this.gatewayOverhead.observe(Math.max(0, totalSeconds - (providerSeconds ?? 0)));
  }

  providerCalled(provider: ProviderLabel, outcome: string, seconds: number): void {
    this.providerDuration.observe({ provider, outcome }, seconds);
    if (outcome !== 'success') this.providerFailures.inc({ provider, category: outcome });
  }

  fellBack(from: ProviderLabel, to: ProviderLabel): void {
    this.fallbacks.inc({ from, to });
  }

  tokensUsed(provider: ProviderLabel, input: number, output: number): void {
    this.tokens.inc({ provider, direction: 'input' }, input);
    this.tokens.inc({ provider, direction: 'output' }, output);
  }

  spent(provider: ProviderLabel, usd: number): void {
    if (usd > 0) this.cost.inc({ provider }, usd);
  }

  /** A provider's reachability, for dashboards and alerts; readiness never depends on it. */
  providerProbed(provider: ProviderLabel, up: boolean): void {
    this.providerUp.set({ provider }, up ? 1 : 0);
  }

  auditOutcome(outcome: AuditOutcomeLabel, events: number): void {
    this.auditEvents.inc({ outcome }, events);
  }

  auditBatch(size: number): void {
    this.auditBatchSize.observe(size);
  }

  /** Gauges read their value at scrape time from the writer. */
  watchAudit(stats: () => { queueDepth: number; spooledEvents: number }): void {
    const queue = this.auditQueueDepth as Gauge & { collect?: () => void };
    const spool = this.auditSpoolEvents as Gauge & { collect?: () => void };
    queue.collect = () => queue.set(stats().queueDepth);
    spool.collect = () => spool.set(stats().spooledEvents);
  }

  /** One series per writer process (a chain per start): `audit verify --prometheus` reads them back. */
  auditChainHead(chainId: string, seq: number): void {
    this.auditChainHeadSeq.set({ chain: chainId }, seq);
  }

  policyReloaded(ok: boolean, version: string): void {
    this.policyReloads.inc({ result: ok ? 'success' : 'failure' });
    this.policyVersion(version);
  }

  /** The daily budget the alert compares spend against; no series at all when there is none. */
  policyBudget(usdPerDay: number | null): void {
    this.cloudBudget.reset();
    if (usdPerDay !== null) this.cloudBudget.set(usdPerDay);
  }

  policyVersion(version: string): void {
    this.policyInfo.reset();
    this.policyInfo.set({ version }, 1);
  }
}
