import { AuditDatabase } from '@app/audit';
import { Command, SubCommand } from 'nest-commander';
import { OutputService } from '../output/output.service';
import { CliCommand, CommandGroup } from './cli-command';

@SubCommand({
  name: 'migrate',
  description: 'Apply pending migrations (under an advisory lock on a real server)',
})
export class DbMigrateCommand extends CliCommand {
  constructor(
    output: OutputService,
    private readonly database: AuditDatabase,
  ) {
    super(output);
  }

  protected async execute(): Promise<void> {
    const applied = await this.database.migrate();
    this.output.line(applied.length === 0 ? 'no pending migrations' : `applied: ${applied.join(', ')}`);
  }
}

@SubCommand({ name: 'revert', description: 'Revert the last applied migration' })
export class DbRevertCommand extends CliCommand {
  constructor(
    output: OutputService,
    private readonly database: AuditDatabase,
  ) {
    super(output);
  }

  protected async execute(): Promise<void> {
    const before = await this.database.migrationStatus();
    await this.database.revertLast();
    this.output.line(
      before.applied.length === 0 ? 'nothing to revert' : `reverted: ${before.applied.at(-1)}`,
    );
  }
}

@SubCommand({ name: 'status', description: 'Applied and pending migrations' })
export class DbStatusCommand extends CliCommand {
  constructor(
    output: OutputService,
    private readonly database: AuditDatabase,
  ) {
    super(output);
  }

  protected async execute(): Promise<void> {
    const status = await this.database.migrationStatus();
    for (const name of status.applied) this.output.line(`applied  ${name}`);
    for (const name of status.pending) this.output.line(`pending  ${name}`);
  }
}

@Command({
  name: 'db',
  description: 'Database migrations',
  subCommands: [DbMigrateCommand, DbRevertCommand, DbStatusCommand],
})
export class DbCommand extends CommandGroup {}
