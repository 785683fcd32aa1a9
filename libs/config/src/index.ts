export { AppConfig } from './app-config';
export type {
  AuditConfig,
  AuditDurability,
  DatabaseConfig,
  HttpSecurityConfig,
  LogLevel,
  NodeEnv,
  OllamaConfig,
  OpenAiConfig,
  ServerConfig,
} from './app-config';
export { ConfigInvalidError } from './config.error';
export { ConfigModule } from './config.module';
export type { ConfigModuleOptions } from './config.module';
