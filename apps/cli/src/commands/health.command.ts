import { AuditDatabase, AuditWriter } from '@app/audit';
import { AppConfig } from '@app/config';
import { OllamaProvider, OpenAiProvider } from '@app/providers';
import { Command, Option } from 'nest-commander';
import { OutputService } from '../output/output.service';
import { CliCommand, type CliOptions } from './cli-command';
import { CliVerificationFailed } from './cli-errors';

interface Check {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  /** The cloud is reported, never required. */
  readonly required: boolean;
}

@Command({
  name: 'health',
  description:
    'Is this installation ready? Config, database, migrations, spool, Ollama, OpenAI; exit 3 when not',
})
export class HealthCommand extends CliCommand {
  constructor(
    output: OutputService,
    private readonly config: AppConfig,
    private readonly database: AuditDatabase,
    private readonly writer: AuditWriter,
    private readonly local: OllamaProvider,
    private readonly cloud: OpenAiProvider,
  ) {
    super(output);
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const checks: Check[] = [{ check: 'config', ok: true, detail: 'environment valid', required: true }];
    try {
      const status = await this.database.migrationStatus();
      checks.push({
        check: 'database',
        ok: true,
        detail: this.database.isEmbedded ? 'embedded (PGlite)' : 'reachable',
        required: true,
      });
      checks.push({
        check: 'migrations',
        ok: status.pending.length === 0,
        detail: status.pending.length === 0 ? 'current' : `pending: ${status.pending.join(', ')}`,
        required: true,
      });
    } catch (error) {
      checks.push({ check: 'database', ok: false, detail: (error as Error).message, required: true });
    }
    const spooled = this.writer.stats().spooledEvents;
    checks.push({
      check: 'audit spool',
      ok: spooled === 0,
      detail: spooled === 0 ? `empty (${this.config.audit.spoolDir})` : `${spooled} event(s) waiting`,
      required: true,
    });
    const local = await this.local.health();
    checks.push({
      check: 'ollama',
      ok: local.status === 'up',
      detail: local.detail ?? local.status,
      required: true,
    });
    const cloud = await this.cloud.health();
    checks.push({
      check: 'openai',
      ok: cloud.status === 'up',
      detail: cloud.status === 'up' ? 'reachable' : (cloud.detail ?? cloud.status),
      required: false,
    });
    const ready = checks.every((check) => check.ok || !check.required);
    if (options.json === true) this.output.json({ ready, checks });
    else {
      for (const check of checks)
        this.output.line(
          `${check.ok ? 'ok  ' : check.required ? 'FAIL' : 'warn'}  ${check.check.padEnd(12)} ${check.detail}`,
        );
      this.output.line(ready ? 'ready' : 'not ready');
    }
    if (!ready) throw new CliVerificationFailed('not ready');
  }
}
