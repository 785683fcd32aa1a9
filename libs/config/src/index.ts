export { AppConfig, cloudKeyFromEnvironment, policyFileFromEnvironment } from './app-config';
export type {
  AuditConfig,
  AuditDurability,
  AuthConfig,
  AuthMode,
  ConfigNamespaces,
  DatabaseConfig,
  HttpSecurityConfig,
  LogLevel,
  NodeEnv,
  OllamaConfig,
  OpenAiConfig,
  ServerConfig,
} from './config.namespaces';
export { isLoopbackHost } from './config.namespaces';
export { ConfigInvalidError } from './config.error';
export { ConfigModule } from './config.module';
export type { ConfigModuleOptions } from './config.module';
export type { EnvironmentSource } from './environment';
