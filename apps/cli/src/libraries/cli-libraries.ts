// The lib services a command uses, built when the command first asks for them and closed when it
// ends. So `--help` needs no valid environment, no database and no data folder, and a command
// builds only the modules it uses.
import {
  type DynamicModule,
  Inject,
  Injectable,
  type INestApplicationContext,
  Module,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { ChatModule } from '@app/chat';
import { type AppConfig, ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { RoutingPolicyModule } from '@app/routing-policy';

/** Reads and validates the environment; called on first use only. */
export const CLI_CONFIG = Symbol('CLI_CONFIG');
export type CliConfigLoader = () => AppConfig;

/**
 * policy: the routing policy alone. audit: the audit database, opened on first query. identity: API
 * keys (their table is in the audit database). chat: the orchestration and readiness, which need
 * policy, providers and audit together, and the keys a decision can be asked for (`route explain --key`).
 */
export type LibraryScope = 'policy' | 'audit' | 'identity' | 'chat';

function scopeImports(scope: LibraryScope): DynamicModule['imports'] {
  const audit = AuditModule.forRoot({ eager: false, migrate: false });
  switch (scope) {
    case 'policy':
      return [RoutingPolicyModule];
    case 'audit':
      return [audit];
    case 'identity':
      return [audit, IdentityModule];
    case 'chat':
      return [audit, IdentityModule, ChatModule];
  }
}

@Module({})
class CliScopeModule {
  static register(config: AppConfig, scope: LibraryScope): DynamicModule {
    return {
      module: CliScopeModule,
      imports: [ConfigModule.forRoot({ config }), ...(scopeImports(scope) ?? [])],
    };
  }
}

/** The chat scope holds the policy, the audit and the identity modules too. */
const covers = (built: LibraryScope, wanted: LibraryScope) => built === wanted || built === 'chat';

@Injectable()
export class CliLibraries {
  private config: AppConfig | undefined;
  private built:
    | { readonly scope: LibraryScope; readonly context: Promise<INestApplicationContext> }
    | undefined;

  constructor(@Inject(CLI_CONFIG) private readonly loadConfig: CliConfigLoader) {}

  /** The validated configuration; throws ConfigInvalidError (exit 2) when the environment is invalid. */
  appConfig(): AppConfig {
    this.config ??= this.loadConfig();
    return this.config;
  }

  /** A service of `scope`'s modules, building them on first use (one scope per command). */
  async get<T>(scope: LibraryScope, service: Type<T>): Promise<T> {
    if (this.built === undefined) {
      const config = this.appConfig();
      const context = NestFactory.createApplicationContext(CliScopeModule.register(config, scope), {
        logger: config.logLevel === 'silent' ? false : ['error', 'warn'],
        abortOnError: false,
      });
      this.built = { scope, context };
    } else if (!covers(this.built.scope, scope)) {
      // Two scopes would mean two audit writers on one database: a command picks the one that covers both.
      throw new Error(
        `a command uses one library scope: ${this.built.scope} is built, ${scope} was asked for`,
      );
    }
    return (await this.built.context).get(service);
  }

  /** Runs the shutdown hooks of what was built: the audit queue is flushed, the database closed. */
  async close(): Promise<void> {
    const context = await this.built?.context.catch(() => undefined);
    this.built = undefined;
    await context?.close();
  }
}
