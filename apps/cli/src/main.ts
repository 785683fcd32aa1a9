#!/usr/bin/env node
// Entry point of the `policy-mesh` CLI.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigInvalidError } from '@app/config';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  await CommandFactory.run(CliModule, {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigInvalidError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`policy-mesh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
