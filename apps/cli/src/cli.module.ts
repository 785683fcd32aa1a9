import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig, cloudKeyFromEnvironment, policyFileFromEnvironment } from '@app/config';
import {
  AuditCommand,
  AuditListCommand,
  AuditPruneCommand,
  AuditShowCommand,
  AuditStatsCommand,
  AuditVerifyCommand,
} from './commands/audit.command';
import { AuditExportCommand } from './commands/audit-export.command';
import { ChatCommand } from './commands/chat.command';
import { DbCommand, DbMigrateCommand, DbRevertCommand, DbStatusCommand } from './commands/db.command';
import { HealthCommand } from './commands/health.command';
import { KEYS_COMMANDS } from './commands/keys.command';
import { ConfiguredPolicy } from './commands/configured-policy';
import { POLICY_COMMANDS } from './commands/policy.command';
import { RouteCommand, RouteExplainCommand } from './commands/route.command';
import { CLI_CONFIG, CliLibraries, type CliConfigLoader } from './libraries/cli-libraries';
import { OutputService } from './output/output.service';

/**
 * The `policy-mesh` command line: thin commands over the same lib modules as the gateway. Only the
 * commands are built at start; the environment is read and the lib modules a command uses are built
 * when it runs (CliLibraries), so `--help` works anywhere and nothing is opened that is not used.
 */
@Module({})
export class CliModule {
  static register(
    loadConfig: CliConfigLoader = () => AppConfig.fromEnvironment(),
    /** POLICY_FILE alone: the policy commands read nothing else of the environment. */
    policyFile: () => string | undefined = () => policyFileFromEnvironment(),
    /** OPENAI_API_KEY alone, for the notices `policy show` shares with GET /v1/routes. */
    cloudKeyConfigured: () => boolean = () => cloudKeyFromEnvironment(),
  ): DynamicModule {
    return {
      module: CliModule,
      providers: [
        { provide: CLI_CONFIG, useValue: loadConfig },
        CliLibraries,
        OutputService,
        ChatCommand,
        RouteCommand,
        RouteExplainCommand,
        { provide: ConfiguredPolicy, useValue: new ConfiguredPolicy(policyFile, cloudKeyConfigured) },
        ...POLICY_COMMANDS,
        AuditCommand,
        AuditListCommand,
        AuditShowCommand,
        AuditStatsCommand,
        AuditVerifyCommand,
        AuditExportCommand,
        AuditPruneCommand,
        DbCommand,
        DbMigrateCommand,
        DbRevertCommand,
        DbStatusCommand,
        HealthCommand,
        ...KEYS_COMMANDS,
      ],
    };
  }
}
