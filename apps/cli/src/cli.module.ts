import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ChatModule } from '@app/chat';
import { AppConfig, ConfigModule } from '@app/config';
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
import { ConfiguredPolicy } from './commands/configured-policy';
import { POLICY_COMMANDS } from './commands/policy.command';
import { RouteCommand, RouteExplainCommand } from './commands/route.command';
import { OutputService } from './output/output.service';

/**
 * The `policy-mesh` command line: thin commands over the same lib modules as the gateway. The
 * database opens on first use, so commands that never touch it never start it.
 */
@Module({})
export class CliModule {
  static register(config: AppConfig = AppConfig.fromEnvironment()): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({ config }),
        AuditModule.forRoot({ eager: false, migrate: false }),
        ChatModule,
      ],
      providers: [
        OutputService,
        ChatCommand,
        RouteCommand,
        RouteExplainCommand,
        { provide: ConfiguredPolicy, useValue: new ConfiguredPolicy(config.policyFile) },
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
      ],
    };
  }
}
