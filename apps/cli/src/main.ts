#!/usr/bin/env node
// Entry point of the `policy-mesh` CLI. Exit codes: 0 success, 1 runtime failure, 2 usage or
// validation error, 3 a verification that found a problem.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigInvalidError, policyFileFromEnvironment } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { EXIT } from './commands/cli-errors';
import { packageVersion } from './package-version';
import { PolicyCliModule } from './policy-cli.module';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // commander names the program after the script file; the program is `policy-mesh` however it is started.
  process.argv[1] = 'policy-mesh';
  // The policy commands build only what they use (no database, no data folder, one variable).
  const module =
    process.argv[2] === 'policy'
      ? PolicyCliModule.register(policyFileFromEnvironment())
      : CliModule.register();
  await CommandFactory.run(module, {
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
  if (error instanceof ConfigInvalidError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT.usage);
  }
  process.stderr.write(`policy-mesh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.failure);
});
