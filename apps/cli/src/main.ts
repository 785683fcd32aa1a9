#!/usr/bin/env node
// Entry point of the `policy-mesh` CLI. Exit codes: 0 success, 1 runtime failure, 2 usage or
// validation error, 3 a verification that found a problem.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { EXIT } from './commands/cli-errors';
import { packageVersion } from './package-version';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // commander names the program after the script file; the program is `policy-mesh` however it is started.
  process.argv[1] = 'policy-mesh';
  // Commands build the lib modules they use when they run (CliLibraries), so --help and the policy
  // commands need no database, no data folder and no valid environment beyond what they read.
  await CommandFactory.run(CliModule.register(), {
    cliName: 'policy-mesh',
    version: packageVersion(),
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      // commander has already printed its message for an unknown command or option; --help exits 0.
      const code = (error as { code?: string }).code ?? '';
      process.exit(
        code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version'
          ? EXIT.ok
          : EXIT.usage,
      );
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`policy-mesh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.failure);
});
