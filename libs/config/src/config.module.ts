import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';

export interface ConfigModuleOptions {
  /** The environment to validate; process.env when omitted. Tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** An already validated config (the app validates once, before Nest starts). */
  readonly config?: AppConfig;
}

/** Provides the validated AppConfig to every module of both apps. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(options: ConfigModuleOptions = {}): DynamicModule {
    const config = options.config ?? AppConfig.fromEnvironment(options.env);
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
