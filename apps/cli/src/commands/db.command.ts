import { AuditDatabase } from '@app/audit';
import { Command, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { CliCommand, CommandGroup } from './cli-command';

@SubCommand({
  name: 'migrate',
  description: 'Apply pending migrations (under an advisory lock on a real server)',
})
export class DbMigrateCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute(): Promise<void> {
    const applied = await (await this.libraries.get('audit', AuditDatabase)).migrate();
    this.output.line(applied.length === 0 ? 'no pending migrations' : `applied: ${applied.join(', ')}`);
  }
}

@SubCommand({ name: 'revert', description: 'Revert the last applied migration' })
export class DbRevertCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute(): Promise<void> {
    const database = await this.libraries.get('audit', AuditDatabase);
    const before = await database.migrationStatus();
    await database.revertLast();
    this.output.line(
      before.applied.length === 0 ? 'nothing to revert' : `reverted: ${before.applied.at(-1)}`,
    );
  }
}

@SubCommand({ name: 'status', description: 'Applied and pending migrations' })
export class DbStatusCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute(): Promise<void> {
    const status = await (await this.libraries.get('audit', AuditDatabase)).migrationStatus();
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
