import { type DynamicModule, Module } from '@nestjs/common';
import { ConfiguredPolicy } from './commands/configured-policy';
import { POLICY_COMMANDS } from './commands/policy.command';
import { OutputService } from './output/output.service';

/**
 * The `policy` commands and only what they use: no database, no audit spool, no providers, and of
 * the environment only POLICY_FILE, so `policy validate` works where the rest of the environment
 * is wrong or unset (main.ts starts this module for `policy …`).
 */
@Module({})
export class PolicyCliModule {
  static register(policyFile: string | undefined): DynamicModule {
    return {
      module: PolicyCliModule,
      providers: [
        OutputService,
        { provide: ConfiguredPolicy, useValue: new ConfiguredPolicy(policyFile) },
        ...POLICY_COMMANDS,
      ],
    };
  }
}
