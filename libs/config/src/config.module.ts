import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';
import { registerNamespaces, type ConfigNamespaces } from './config.namespaces';
import { validateEnvironment, type Environment, type EnvironmentSource } from './environment';

export interface ConfigModuleOptions {
  /** The environment to validate, instead of .env and process.env. Tests pass their own. */
  readonly env?: EnvironmentSource;
  /** A config the entry point validated already (to exit 2 before Nest starts); its variables are used. */
  readonly config?: AppConfig;
}

/**
 * @nestjs/config for both apps: `validate` is validateEnvironment (every bad variable in one
 * message, no secret echoed), the namespaces are registerAs factories over its result, and
 * AppConfig (the typed facade every lib injects) reads them.
 */
@Global()
@Module({})
export class ConfigModule {
  static async forRoot(options: ConfigModuleOptions = {}): Promise<DynamicModule> {
    let environment: Environment | undefined = options.config?.environment;
    const given = options.config !== undefined || options.env !== undefined;
    const nestConfig = await NestConfigModule.forRoot({
      // Without a record handed in, @nestjs/config reads .env and process.env itself.
      ignoreEnvFile: given,
      validatePredefined: !given,
      // Nothing but the namespaces is read: no fallback to process.env.
      skipProcessEnv: true,
      validate: (loaded) => {
        environment ??= validateEnvironment(options.env ?? loaded);
        // The values live in the namespaces; an empty result leaves process.env as it was.
        return {};
      },
      load: registerNamespaces(() => environment!),
    });
    return {
      module: ConfigModule,
      imports: [nestConfig],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (service: ConfigService<ConfigNamespaces, true>) =>
            new AppConfig(service, environment!),
        },
      ],
      exports: [AppConfig, nestConfig],
    };
  }
}
