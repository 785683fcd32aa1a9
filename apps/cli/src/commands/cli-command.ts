// Every command runs through here: its errors become one line on stderr and an exit code, and the
// lib modules it used are closed (audit queue flushed, database closed) before the process ends.
import { CommandRunner } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { exitCodeFor } from './cli-errors';

export type CliOptions = Record<string, unknown>;

export abstract class CliCommand extends CommandRunner {
  constructor(
    protected readonly output: OutputService,
    protected readonly libraries: CliLibraries,
  ) {
    super();
  }

  protected abstract execute(params: string[], options: CliOptions): Promise<void>;

  async run(params: string[], options: CliOptions = {}): Promise<void> {
    try {
      await this.execute(params, options);
    } catch (error) {
      this.fail(error);
    } finally {
      await this.libraries.close().catch((error: unknown) => this.fail(error));
    }
  }

  private fail(error: unknown): void {
    this.output.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    this.output.setExitCode(exitCodeFor(error));
  }
}

/** A parent command run without a subcommand prints its help. */
export abstract class CommandGroup extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}
