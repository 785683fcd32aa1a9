// The environment contract (docs/ARCHITECTURE.md, "Configuration"): every variable, its type and default.
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (message: string) =>
  z
    .string()
    .regex(/^\d+$/, { message })
    .transform((value) => Number(value))
    .refine((value) => value > 0 && Number.isSafeInteger(value), { message });

const httpUrl = z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
  message: 'must be an http(s) URL',
});

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
  message: 'must be a postgres:// URL',
});

/** `name`, `name:port`, `[ipv6]` or `[ipv6]:port`, lower-cased; the Host values a browser may send. */
const HOST_ENTRY =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

const hostList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ''),
  )
  .refine((entries) => entries.every((entry) => HOST_ENTRY.test(entry)), {
    message: 'must be a comma-separated list of host names (host or host:port)',
  });

/** Empty strings count as unset, as in most .env tooling. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const environmentSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])),
  PORT: optional(
    z
      .string()
      .regex(/^\d+$/, { message: 'must be a port number (0-65535)' })
      .transform(Number)
      .refine((port) => port <= 65535, { message: 'must be a port number (0-65535)' }),
  ),
  HOST: optional(z.string().min(1)),
  ALLOWED_HOSTS: optional(hostList),
  HSTS_MAX_AGE_SECONDS: optional(
    z.string().regex(/^\d+$/, { message: 'must be an integer >= 0 (seconds)' }).transform(Number),
  ),
  BODY_LIMIT_BYTES: optional(positiveInt('must be a positive integer (bytes)')),
  DATABASE_URL: optional(postgresUrl),
  DATA_DIR: optional(z.string().min(1)),
  DB_MIGRATE_ON_START: optional(booleanString),
  POLICY_FILE: optional(z.string().min(1)),
  OLLAMA_HOST: optional(httpUrl),
  OLLAMA_MODEL: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(httpUrl),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_MODEL: optional(z.string().min(1)),
  PROVIDER_TIMEOUT_SECONDS: optional(positiveInt('must be a positive integer (seconds)')),
  AUDIT_HMAC_KEY: optional(z.string().min(32, { message: 'must be at least 32 characters' })),
  AUDIT_DURABILITY: optional(z.enum(['commit', 'async'], { message: 'must be commit or async' })),
  AUDIT_SPOOL_DIR: optional(z.string().min(1)),
  AUDIT_BATCH_MAX: optional(positiveInt('must be a positive integer')),
  AUDIT_FLUSH_MS: optional(
    z.string().regex(/^\d+$/, { message: 'must be an integer >= 0 (milliseconds)' }).transform(Number),
  ),
  AUDIT_QUEUE_MAX: optional(positiveInt('must be a positive integer')),
  SHUTDOWN_GRACE_SECONDS: optional(positiveInt('must be a positive integer (seconds)')),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
});

export type Environment = z.infer<typeof environmentSchema>;
