import {
  AuditChainVerifier,
  AuditPruner,
  AuditQueryService,
  checkpointsFromLog,
  checkpointsFromPrometheus,
  type AuditFilter,
  type AuditStatus,
  type CheckpointClaim,
} from '@app/audit';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { parseDuration, parseInstant } from '../options/time-options';
import { AuditExportCommand } from './audit-export.command';
import { CliCommand, type CliOptions, CommandGroup } from './cli-command';
import { CliUsageError, CliVerificationFailed } from './cli-errors';

const LIST_COLUMNS = [
  'created_at',
  'request_id',
  'status',
  'provider',
  'served_by',
  'reason_codes',
  'latency_ms',
  'input_tokens',
  'output_tokens',
  'cost_usd',
];

function statusOf(value: unknown): AuditStatus | undefined {
  if (value === undefined) return undefined;
  if (value === 'success' || value === 'failure' || value === 'rejected') return value;
  throw new CliUsageError(`--status: expected success, failure or rejected, got ${JSON.stringify(value)}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--key`: an id (a UUID) or a name, as GET /v1/audit's key_id and key_name. */
function keyFilter(value: unknown): Pick<AuditFilter, 'key_id' | 'key_name'> {
  if (typeof value !== 'string') return {};
  return UUID.test(value) ? { key_id: value.toLowerCase() } : { key_name: value };
}

function providerOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'local' || value === 'cloud') return value;
  throw new CliUsageError(`--provider: expected local or cloud, got ${JSON.stringify(value)}`);
}

@SubCommand({ name: 'list', description: 'Recent audit events, newest first, filtered' })
export class AuditListCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--since <when>', description: 'a duration before now (1h, 7d) or a date (2026-01-01)' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--until <when>', description: 'a duration before now or a date' })
  parseUntil(value: string): string {
    return value;
  }

  @Option({ flags: '--provider <provider>', description: 'local or cloud (the decided provider)' })
  parseProvider(value: string): string {
    return value;
  }

  @Option({ flags: '--status <status>', description: 'success, failure or rejected' })
  parseStatus(value: string): string {
    return value;
  }

  @Option({ flags: '--reason <code>', description: 'a reason code' })
  parseReason(value: string): string {
    return value;
  }

  @Option({
    flags: '--correlation-id <id>',
    description: "a caller's own request id (the X-Request-Id it sent)",
  })
  parseCorrelationId(value: string): string {
    return value;
  }

  @Option({ flags: '--key <key>', description: "the calling API key's id (a UUID) or name" })
  parseKey(value: string): string {
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'how many (1-500, default 50)' })
  parseLimit(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const limit = options.limit === undefined ? 50 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new CliUsageError(`--limit: expected an integer from 1 to 500, got "${String(options.limit)}"`);
    const filter: AuditFilter = {
      since: typeof options.since === 'string' ? parseInstant(options.since, '--since') : undefined,
      until: typeof options.until === 'string' ? parseInstant(options.until, '--until') : undefined,
      provider: providerOf(options.provider),
      status: statusOf(options.status),
      reason: typeof options.reason === 'string' ? options.reason : undefined,
      correlation_id: typeof options.correlationId === 'string' ? options.correlationId : undefined,
      ...keyFilter(options.key),
      limit,
    };
    const audit = await this.libraries.get('audit', AuditQueryService);
    const page = await audit.listPage(filter);
    // The same envelope GET /v1/audit answers with, next_cursor included.
    if (options.json === true) this.output.json(page);
    else if (page.items.length === 0) this.output.line('no audit events match');
    else this.output.table(page.items as unknown as Record<string, unknown>[], LIST_COLUMNS);
  }
}

@SubCommand({ name: 'show', arguments: '<request_id>', description: 'One audit event by request id' })
export class AuditShowCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute([requestId]: string[]): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(requestId ?? ''))
      throw new CliUsageError(`request_id must be a UUID, got "${requestId}"`);
    const audit = await this.libraries.get('audit', AuditQueryService);
    const event = await audit.findByRequestId(requestId!);
    if (event === null) throw new Error(`no audit event for request ${requestId}`);
    this.output.json(event);
  }
}

@SubCommand({ name: 'stats', description: 'Counts by provider, status and reason, and the share kept local' })
export class AuditStatsCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--since <when>', description: 'a duration before now (24h) or a date' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--key <key>', description: "only this API key's requests (id or name)" })
  parseKey(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const since = typeof options.since === 'string' ? parseInstant(options.since, '--since') : undefined;
    const audit = await this.libraries.get('audit', AuditQueryService);
    const stats = await audit.stats({ since, ...keyFilter(options.key) });
    if (options.json === true) {
      this.output.json(stats);
      return;
    }
    this.output.line(
      `requests: ${stats.total}   failures: ${stats.failures}   kept local: ${stats.local_share === null ? '-' : `${(stats.local_share * 100).toFixed(1)} %`}   cloud cost: $${stats.cost_usd.toFixed(4)}`,
    );
    this.output.line(`by provider: ${JSON.stringify(stats.by_provider)}`);
    this.output.line(`by status:   ${JSON.stringify(stats.by_status)}`);
    this.output.line(`by reason:   ${JSON.stringify(stats.by_reason)}`);
    if (stats.by_key.length > 0) {
      this.output.line('by key:');
      this.output.table(
        stats.by_key.map((row) => ({ ...row, key_id: row.key_id ?? 'none (no key)' })),
        ['key_id', 'name', 'requests', 'cost_usd'],
      );
    }
  }
}

@SubCommand({
  name: 'verify',
  description:
    'Walk every audit chain (and check it against published checkpoints); exit 3 with the first altered, inserted, removed or truncated row',
})
export class AuditVerifyCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({
    flags: '--checkpoints <file>',
    description: 'a file of gateway log lines: its "audit chain checkpoint" lines are checked',
  })
  parseCheckpoints(value: string): string {
    return value;
  }

  @Option({
    flags: '--prometheus <url>',
    description:
      'a Prometheus base URL: each chain must reach the highest policy_mesh_audit_chain_head_seq it kept',
  })
  parsePrometheus(value: string): string {
    return value;
  }

  @Option({
    flags: '--prometheus-window <duration>',
    description: 'how far back to ask Prometheus (default 30d; at most its retention)',
  })
  parsePrometheusWindow(value: string): string {
    return value;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const checkpoints: CheckpointClaim[] = [];
    if (typeof options.checkpoints === 'string') checkpoints.push(...checkpointsFromLog(options.checkpoints));
    if (typeof options.prometheus === 'string') {
      if (!URL.canParse(options.prometheus))
        throw new CliUsageError(`--prometheus: expected a URL, got "${options.prometheus}"`);
      const window = parseDuration(
        typeof options.prometheusWindow === 'string' ? options.prometheusWindow : '30d',
        '--prometheus-window',
      );
      checkpoints.push(...(await checkpointsFromPrometheus(options.prometheus, window / 1000)));
    }
    let bar: ReturnType<OutputService['progress']> | undefined;
    const verifier = await this.libraries.get('audit', AuditChainVerifier);
    const report = await verifier.verifyChains({
      checkpoints,
      onProgress: (progress) => {
        bar ??= this.output.progress('verifying', progress.rowsTotal);
        bar.update(progress.rowsChecked);
      },
    });
    bar?.stop();
    if (report.problem !== null) {
      const problem = report.problem;
      const request = problem.request_id === null ? '' : ` (request ${problem.request_id})`;
      this.output.line(
        `TAMPERED: ${problem.kind} at chain ${problem.chain_id} seq ${problem.seq}${request}: ${problem.detail}`,
      );
      throw new CliVerificationFailed('audit chain verification failed');
    }
    const gaps =
      report.gaps === 0
        ? ''
        : `; ${report.gaps} recorded gap(s) (events never written: their requests failed closed)`;
    const against = report.checkpoints === 0 ? '' : `; consistent with ${report.checkpoints} checkpoint(s)`;
    this.output.line(`ok: ${report.rows} rows in ${report.chains} chain(s) verified${gaps}${against}`);
  }
}

@SubCommand({
  name: 'prune',
  description: 'Delete events older than a duration, in batches, keeping the chains verifiable',
})
export class AuditPruneCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--older-than <duration>', description: 'e.g. 90d', required: true })
  parseOlderThan(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'count what would be deleted, delete nothing' })
  parseDryRun(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const olderThan = new Date(Date.now() - parseDuration(String(options.olderThan), '--older-than'));
    const pruner = await this.libraries.get('audit', AuditPruner);
    const report = await pruner.prune({ olderThan, dryRun: options.dryRun === true });
    this.output.line(
      `${report.dryRun ? 'would delete' : 'deleted'} ${report.rows} event(s) older than ${report.cutoff} from ${report.chains} chain(s)`,
    );
  }
}

@Command({
  name: 'audit',
  description: 'Query, verify, export and prune the audit table',
  subCommands: [
    AuditListCommand,
    AuditShowCommand,
    AuditStatsCommand,
    AuditVerifyCommand,
    AuditExportCommand,
    AuditPruneCommand,
  ],
})
export class AuditCommand extends CommandGroup {}
