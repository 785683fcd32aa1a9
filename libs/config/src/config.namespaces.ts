// The typed namespaces of the configuration, built from one validated environment. @nestjs/config
// registers each with registerAs; AppConfig reads them with `{ infer: true }`.
import { join, resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import type { Environment } from './environment';

export type NodeEnv = 'development' | 'production' | 'test';
export type AuditDurability = 'commit' | 'async';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RuntimeConfig {
  readonly nodeEnv: NodeEnv;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Pretty logs are for a developer's terminal only (NODE_ENV=development set explicitly). */
  readonly prettyLogs: boolean;
}

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly bodyLimitBytes: number;
  readonly shutdownGraceMs: number;
  /**
   * How long a streaming client may leave its socket full (reading nothing) before the gateway
   * cuts its stream (STREAM_STALL_TIMEOUT_SECONDS).
   */
  readonly streamStallMs: number;
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

export interface PolicyConfig {
  /** Unset means the built-in policy. */
  readonly file: string | undefined;
}

export interface OllamaConfig {
  readonly host: string;
  readonly model: string;
  /** The model `POST /v1/embeddings` uses on the local tier when the policy names none. */
  readonly embeddingModel: string;
}

export interface OpenAiConfig {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly model: string;
  /** The model `POST /v1/embeddings` uses on the cloud tier when the policy names none. */
  readonly embeddingModel: string;
}

export interface ProvidersConfig {
  readonly timeoutMs: number;
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

export type AuthMode = 'keys' | 'none';

/** Who may call the gateway (docs/OPERATIONS.md, "API keys"). */
export interface AuthConfig {
  /** `keys` unless set to `none`, or unset on a loopback HOST (then `none`). */
  readonly mode: AuthMode;
  /** False when the mode came from the HOST default rather than AUTH_MODE. */
  readonly modeExplicit: boolean;
  /** The bootstrap admin key, hashed at start and never stored. */
  readonly adminApiKey: string | undefined;
  /** What Prometheus sends to scrape /v1/metrics off loopback. */
  readonly metricsBearerToken: string | undefined;
  /** How many replicas share each key's per-minute limits (each enforces limit / replicas). */
  readonly replicas: number;
  /** The gateway listens on a loopback address only. */
  readonly loopback: boolean;
}

/** True when `host` (HOST) is a loopback address or name: nothing off this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

const BUILDERS = {
  runtime: (env: Environment): RuntimeConfig => ({
    nodeEnv: env.NODE_ENV ?? 'development',
    dataDir: resolve(env.DATA_DIR ?? './.data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    prettyLogs: env.NODE_ENV === 'development',
  }),
  server: (env: Environment): ServerConfig => ({
    port: env.PORT ?? 8000,
    host: env.HOST ?? '127.0.0.1',
    bodyLimitBytes: env.BODY_LIMIT_BYTES ?? 1_048_576,
    shutdownGraceMs: (env.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000,
    streamStallMs: (env.STREAM_STALL_TIMEOUT_SECONDS ?? 30) * 1000,
  }),
  httpSecurity: (env: Environment): HttpSecurityConfig => ({
    allowedHosts: env.ALLOWED_HOSTS ?? [],
    hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS ?? 0,
  }),
  database: (env: Environment): DatabaseConfig => ({
    url: env.DATABASE_URL,
    migrateOnStart: env.DB_MIGRATE_ON_START ?? true,
  }),
  policy: (env: Environment): PolicyConfig => ({
    file: env.POLICY_FILE === undefined ? undefined : resolve(env.POLICY_FILE),
  }),
  ollama: (env: Environment): OllamaConfig => ({
    host: env.OLLAMA_HOST ?? 'http://127.0.0.1:11434',
    model: env.OLLAMA_MODEL ?? 'llama3.2',
    embeddingModel: env.OLLAMA_EMBEDDING_MODEL ?? 'nomic-embed-text',
  }),
  openai: (env: Environment): OpenAiConfig => ({
    baseUrl: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    apiKey: env.OPENAI_API_KEY,
    model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    embeddingModel: env.OPENAI_EMBEDDING_MODEL ?? 'text-embedding-3-small',
  }),
  providers: (env: Environment): ProvidersConfig => ({
    timeoutMs: (env.PROVIDER_TIMEOUT_SECONDS ?? 60) * 1000,
  }),
  audit: (env: Environment): AuditConfig => ({
    hmacKey: env.AUDIT_HMAC_KEY,
    durability: env.AUDIT_DURABILITY ?? 'commit',
    spoolDir: resolve(env.AUDIT_SPOOL_DIR ?? join(resolve(env.DATA_DIR ?? './.data'), 'spool')),
    batchMax: env.AUDIT_BATCH_MAX ?? 500,
    flushMs: env.AUDIT_FLUSH_MS ?? 0,
    queueMax: env.AUDIT_QUEUE_MAX ?? 10_000,
  }),
  auth: (env: Environment): AuthConfig => {
    const loopback = isLoopbackHost(env.HOST ?? '127.0.0.1');
    return {
      mode: env.AUTH_MODE ?? (loopback ? 'none' : 'keys'),
      modeExplicit: env.AUTH_MODE !== undefined,
      adminApiKey: env.ADMIN_API_KEY,
      metricsBearerToken: env.METRICS_BEARER_TOKEN,
      replicas: env.REPLICAS ?? 1,
      loopback,
    };
  },
} satisfies Record<string, (env: Environment) => object>;

/** Every namespace by name: what ConfigService<ConfigNamespaces, true> reads. */
export type ConfigNamespaces = { readonly [K in keyof typeof BUILDERS]: ReturnType<(typeof BUILDERS)[K]> };

export function buildNamespaces(environment: Environment): ConfigNamespaces {
  return Object.fromEntries(
    Object.entries(BUILDERS).map(([name, build]) => [name, build(environment)]),
  ) as unknown as ConfigNamespaces;
}

/**
 * The namespaces as @nestjs/config factories. Nest calls them after `validate`, so each reads the
 * environment that validation produced (handed over by `environment`) rather than process.env: a
 * test's or the CLI harness's own record must never leak into the process.
 */
export function registerNamespaces(environment: () => Environment) {
  return Object.entries(BUILDERS).map(([name, build]) => registerAs(name, () => build(environment())));
}
