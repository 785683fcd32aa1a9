// The typed view of the environment. Nothing outside libs/config reads process.env.
import { join, resolve } from 'node:path';
import { ConfigInvalidError } from './config.error';
import { environmentSchema, type Environment } from './config.schema';

export type NodeEnv = 'development' | 'production' | 'test';
export type AuditDurability = 'commit' | 'async';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  readonly shutdownGraceMs: number;
}

/** What the gateway tells browsers and which Host names it answers (DNS rebinding). */
export interface HttpSecurityConfig {
  /** Extra Host names accepted besides the loopback ones; empty on a non-loopback bind = any. */
  readonly allowedHosts: readonly string[];
  /** Strict-Transport-Security max-age; 0 = no HSTS header (the gateway usually speaks plain HTTP). */
  readonly hstsMaxAgeSeconds: number;
}

export interface DatabaseConfig {
  /** Unset means the embedded Postgres (PGlite) under `dataDir/pglite`. */
  readonly url: string | undefined;
  readonly migrateOnStart: boolean;
}

export interface OllamaConfig {
  readonly host: string;
  readonly model: string;
}

export interface OpenAiConfig {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly model: string;
}

export interface AuditConfig {
  /** Unset outside production: a key is generated once into `dataDir`. */
  readonly hmacKey: string | undefined;
  readonly durability: AuditDurability;
  readonly spoolDir: string;
  readonly batchMax: number;
  readonly flushMs: number;
  readonly queueMax: number;
}

/** The validated configuration, injected wherever a setting is needed. */
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
  readonly logLevel: LogLevel;
  /** Pretty logs are for a developer's terminal only (NODE_ENV=development set explicitly). */
  readonly prettyLogs: boolean;

  constructor(env: Environment) {
    this.nodeEnv = env.NODE_ENV ?? 'development';
    this.server = {
      port: env.PORT ?? 8000,
      host: env.HOST ?? '127.0.0.1',
      bodyLimitBytes: env.BODY_LIMIT_BYTES ?? 1_048_576,
      shutdownGraceMs: (env.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000,
    };
    this.httpSecurity = {
      allowedHosts: env.ALLOWED_HOSTS ?? [],
      hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS ?? 0,
    };
    this.dataDir = resolve(env.DATA_DIR ?? './.data');
    this.database = { url: env.DATABASE_URL, migrateOnStart: env.DB_MIGRATE_ON_START ?? true };
    this.policyFile = env.POLICY_FILE === undefined ? undefined : resolve(env.POLICY_FILE);
    this.ollama = {
      host: env.OLLAMA_HOST ?? 'http://127.0.0.1:11434',
      model: env.OLLAMA_MODEL ?? 'llama3.2',
    };
    this.openai = {
      baseUrl: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    };
    this.providerTimeoutMs = (env.PROVIDER_TIMEOUT_SECONDS ?? 60) * 1000;
    this.audit = {
      hmacKey: env.AUDIT_HMAC_KEY,
      durability: env.AUDIT_DURABILITY ?? 'commit',
      spoolDir: resolve(env.AUDIT_SPOOL_DIR ?? join(this.dataDir, 'spool')),
      batchMax: env.AUDIT_BATCH_MAX ?? 500,
      flushMs: env.AUDIT_FLUSH_MS ?? 0,
      queueMax: env.AUDIT_QUEUE_MAX ?? 10_000,
    };
    this.logLevel = env.LOG_LEVEL ?? 'info';
    this.prettyLogs = env.NODE_ENV === 'development';
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /**
   * Validates an environment (process.env by default) and returns the typed config, or throws
   * ConfigInvalidError naming every bad variable.
   */
  static fromEnvironment(source: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
    const known = Object.keys(environmentSchema.shape);
    const picked = Object.fromEntries(known.map((key) => [key, source[key]]));
    const parsed = environmentSchema.safeParse(picked);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        return `${variable}: ${issue.message} (got ${JSON.stringify(source[variable] ?? null)})`;
      });
      throw new ConfigInvalidError(problems);
    }
    const problems: string[] = [];
    if (parsed.data.NODE_ENV === 'production' && parsed.data.AUDIT_HMAC_KEY === undefined) {
      problems.push('AUDIT_HMAC_KEY: is required when NODE_ENV=production');
    }
    if (problems.length > 0) throw new ConfigInvalidError(problems);
    return new AppConfig(parsed.data);
  }
}
