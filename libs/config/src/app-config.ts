// The typed view of the configuration that every lib injects: a thin facade over @nestjs/config's
// ConfigService, each namespace read once with `{ infer: true }`. Nothing outside libs/config reads
// process.env (a lint rule).
import { ConfigService } from '@nestjs/config';
import {
  buildNamespaces,
  type AuditConfig,
  type AuthConfig,
  type ConfigNamespaces,
  type DatabaseConfig,
  type HttpSecurityConfig,
  type LogLevel,
  type NodeEnv,
  type OllamaConfig,
  type OpenAiConfig,
  type ServerConfig,
} from './config.namespaces';
import { validateEnvironment, type Environment, type EnvironmentSource } from './environment';

export class AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly server: ServerConfig;
  readonly httpSecurity: HttpSecurityConfig;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly policyFile: string | undefined;
  readonly ollama: OllamaConfig;
  readonly openai: OpenAiConfig;
  readonly providerTimeoutMs: number;
  readonly audit: AuditConfig;
  readonly auth: AuthConfig;
  readonly logLevel: LogLevel;
  /** Pretty logs are for a developer's terminal only (NODE_ENV=development set explicitly). */
  readonly prettyLogs: boolean;

  constructor(
    config: ConfigService<ConfigNamespaces, true>,
    /** The validated variables this config was built from (ConfigModule.forRoot takes them over). */
    readonly environment: Environment,
  ) {
    // Read once: the configuration never changes while the process runs, and some of it is read
    // on every request.
    const runtime = config.get('runtime', { infer: true });
    this.nodeEnv = runtime.nodeEnv;
    this.dataDir = runtime.dataDir;
    this.logLevel = runtime.logLevel;
    this.prettyLogs = runtime.prettyLogs;
    this.server = config.get('server', { infer: true });
    this.httpSecurity = config.get('httpSecurity', { infer: true });
    this.database = config.get('database', { infer: true });
    this.policyFile = config.get('policy', { infer: true }).file;
    this.ollama = config.get('ollama', { infer: true });
    this.openai = config.get('openai', { infer: true });
    this.providerTimeoutMs = config.get('providers', { infer: true }).timeoutMs;
    this.audit = config.get('audit', { infer: true });
    this.auth = config.get('auth', { infer: true });
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /**
   * Validates an environment (process.env by default; the CLI harness and tests hand in their own
   * record) and returns the typed config, or throws ConfigInvalidError naming every bad variable.
   * The entry points call this before Nest starts, so a bad environment stops them with exit 2.
   */
  static fromEnvironment(source: EnvironmentSource = process.env): AppConfig {
    const environment = validateEnvironment(source);
    return new AppConfig(new ConfigService(buildNamespaces(environment)), environment);
  }
}

/** POLICY_FILE alone, for what needs nothing else (`policy-mesh policy validate`). */
export function policyFileFromEnvironment(source: EnvironmentSource = process.env): string | undefined {
  return buildNamespaces(validateEnvironment(source, ['POLICY_FILE'])).policy.file;
}

/** Whether a cloud key is set, reading OPENAI_API_KEY alone (for `policy show`'s notices). */
export function cloudKeyFromEnvironment(source: EnvironmentSource = process.env): boolean {
  return buildNamespaces(validateEnvironment(source, ['OPENAI_API_KEY'])).openai.apiKey !== undefined;
}
