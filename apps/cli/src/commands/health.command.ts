import { ReadinessService, type ReadinessReport } from '@app/chat';
import type { AppConfig } from '@app/config';
import { Command, Option } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions } from './cli-command';
import { CliVerificationFailed } from './cli-errors';

type Line = readonly [mark: 'ok  ' | 'warn' | 'FAIL', name: string, detail: string];

/** The report as lines: FAIL only where it makes the installation not ready. */
function linesOf({ status, checks }: ReadinessReport): Line[] {
  const { database, audit_spool: spool } = checks;
  const databaseOk = database.status === 'up' && database.pending_migrations.length === 0;
  const spoolOk = spool.status === 'up' && spool.spooled_events === 0;
  const bad = status === 'not_ready' ? 'FAIL' : 'warn';
  const provider = (check: ReadinessReport['checks']['local_provider']): Line => [
    check.status === 'up' ? 'ok  ' : 'warn',
    check.upstream,
    check.detail ?? check.status.replace('_', ' '),
  ];
  return [
    [
      databaseOk ? 'ok  ' : bad,
      'database',
      database.detail ??
        (database.embedded ? 'embedded (PGlite), migrations current' : 'reachable, migrations current'),
    ],
    [spoolOk ? 'ok  ' : bad, 'audit spool', spool.detail ?? 'empty'],
    provider(checks.local_provider),
    provider(checks.cloud_provider),
  ];
}

const READINESS_STATUSES = new Set(['ready', 'degraded', 'not_ready']);

/**
 * The embedded database belongs to one process at a time: while the gateway runs on it, the CLI
 * cannot open it, and the gateway's own report is the installation's.
 */
async function runningGatewayReport(
  config: AppConfig,
): Promise<{ url: string; report: ReadinessReport } | null> {
  // A gateway listening on every address answers on loopback.
  const wildcard: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '::1' };
  const host = wildcard[config.server.host] ?? config.server.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}`;
  try {
    const response = await fetch(`${url}/v1/health/ready`, { signal: AbortSignal.timeout(3000) });
    const report = (await response.json()) as ReadinessReport;
    return READINESS_STATUSES.has(report.status) ? { url, report } : null;
  } catch {
    return null;
  }
}

@Command({
  name: 'health',
  description:
    'Can this installation serve and audit? The database, the audit spool, and (reported only) Ollama and OpenAI; exit 3 when not ready',
})
export class HealthCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--json', description: 'print the report as GET /v1/health/ready gives it' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const readiness = await this.libraries.get('chat', ReadinessService);
    let report = await readiness.report();
    if (report.checks.database.status === 'down' && report.checks.database.embedded) {
      const gateway = await runningGatewayReport(this.libraries.appConfig());
      if (gateway !== null) {
        this.output.error(`# answered by the gateway at ${gateway.url}, which holds the embedded database`);
        report = gateway.report;
      }
    }
    if (options.json === true) this.output.json(report);
    else {
      for (const [mark, name, detail] of linesOf(report))
        this.output.line(`${mark}  ${name.padEnd(12)} ${detail}`);
      this.output.line(report.status.replace('_', ' '));
    }
    if (report.status === 'not_ready') throw new CliVerificationFailed('not ready');
  }
}
