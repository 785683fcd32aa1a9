// The environment contract (docs/ARCHITECTURE.md, "Configuration"): every variable, how it is
// read, and what may be shown of a bad value. validateEnvironment is the `validate` function given
// to @nestjs/config; it lists every bad variable at once and never echoes a secret.
import { ConfigInvalidError } from './config.error';

/** What a problem line may show of the bad value. */
type Shown = 'value' | 'masked_url' | 'nothing';

interface Rule<T> {
  /** The typed value, or undefined when the text is not valid. */
  readonly parse: (text: string) => T | undefined;
  /** What is wrong, as the message says it: `must be a port number (0-65535)`. */
  readonly problem: string;
  readonly shown: Shown;
}

const rule = <T>(
  problem: string,
  parse: (text: string) => T | undefined,
  shown: Shown = 'value',
): Rule<T> => ({
  parse,
  problem,
  shown,
});

const integer = (min: number, max: number, problem: string) =>
  rule(problem, (text) => {
    if (!/^\d+$/.test(text)) return undefined;
    const value = Number(text);
    return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
  });

const oneOf = <T extends string>(choices: readonly T[], problem = `must be one of ${choices.join(', ')}`) =>
  rule(problem, (text) => choices.find((choice) => choice === text));

const text = () => rule('must not be empty', (value) => value);

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

const url = (protocols: readonly string[], problem: string) =>
  rule(
    problem,
    (value) => (URL.canParse(value) && protocols.includes(new URL(value).protocol) ? value : undefined),
    'masked_url',
  );

const MAX = Number.MAX_SAFE_INTEGER;

/** One Host header value: a DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const HOST_ENTRY =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

const hostList = rule('must be a comma-separated list of host names (host or host:port)', (value) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return entries.every((entry) => HOST_ENTRY.test(entry)) ? entries : undefined;
});

const RULES = {
  NODE_ENV: oneOf(['development', 'production', 'test'] as const),
  PORT: integer(0, 65535, 'must be a port number (0-65535)'),
  HOST: text(),
  ALLOWED_HOSTS: hostList,
  HSTS_MAX_AGE_SECONDS: integer(0, MAX, 'must be an integer >= 0 (seconds)'),
  BODY_LIMIT_BYTES: integer(1, MAX, 'must be a positive integer (bytes)'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'must be a postgres:// URL'),
  DATA_DIR: text(),
  DB_MIGRATE_ON_START: rule('must be true or false', (value) =>
    Object.hasOwn(BOOLEANS, value) ? BOOLEANS[value] : undefined,
  ),
  POLICY_FILE: text(),
  OLLAMA_HOST: url(['http:', 'https:'], 'must be an http(s) URL'),
  OLLAMA_MODEL: text(),
  OLLAMA_EMBEDDING_MODEL: text(),
  OPENAI_BASE_URL: url(['http:', 'https:'], 'must be an http(s) URL'),
  // Sent in an HTTP header: a pasted line break or space would only fail later, at every call.
  OPENAI_API_KEY: rule(
    'must be printable ASCII without spaces',
    (value) => (/^[\x21-\x7e]+$/.test(value) ? value : undefined),
    'nothing',
  ),
  OPENAI_MODEL: text(),
  OPENAI_EMBEDDING_MODEL: text(),
  PROVIDER_TIMEOUT_SECONDS: integer(1, MAX, 'must be a positive integer (seconds)'),
  AUDIT_HMAC_KEY: rule(
    'must be at least 32 characters',
    (value) => (value.length >= 32 ? value : undefined),
    'nothing',
  ),
  AUDIT_DURABILITY: oneOf(['commit', 'async'] as const, 'must be commit or async'),
  AUDIT_SPOOL_DIR: text(),
  AUDIT_BATCH_MAX: integer(1, MAX, 'must be a positive integer'),
  AUDIT_FLUSH_MS: integer(0, MAX, 'must be an integer >= 0 (milliseconds)'),
  AUDIT_QUEUE_MAX: integer(1, MAX, 'must be a positive integer'),
  SHUTDOWN_GRACE_SECONDS: integer(1, MAX, 'must be a positive integer (seconds)'),
  STREAM_STALL_TIMEOUT_SECONDS: integer(1, 3600, 'must be an integer from 1 to 3600 (seconds)'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  AUTH_MODE: oneOf(['keys', 'none'] as const, 'must be keys or none'),
  // Both are compared with what callers send in a header: printable ASCII, long enough to guess at.
  ADMIN_API_KEY: rule(
    'must be at least 32 printable ASCII characters without spaces',
    (value) => (/^[\x21-\x7e]{32,}$/.test(value) ? value : undefined),
    'nothing',
  ),
  METRICS_BEARER_TOKEN: rule(
    'must be at least 16 printable ASCII characters without spaces',
    (value) => (/^[\x21-\x7e]{16,}$/.test(value) ? value : undefined),
    'nothing',
  ),
  REPLICAS: integer(1, 10_000, 'must be an integer from 1 to 10000'),
} satisfies Record<string, Rule<unknown>>;

export type VariableName = keyof typeof RULES;

/** The variables that are set, typed; unset (or empty) ones are absent. */
export type Environment = {
  readonly [K in VariableName]?: (typeof RULES)[K] extends Rule<infer T> ? T : never;
};

/** Where variables come from: process.env, or a record a test or the CLI harness hands in. */
export type EnvironmentSource = Readonly<Record<string, unknown>>;

/**
 * Validates the known variables of `source` (all of them, or only `names`): the typed values, or
 * ConfigInvalidError with one line per bad variable. Empty strings count as unset, as in most
 * .env tooling.
 */
export function validateEnvironment(
  source: EnvironmentSource,
  names: readonly VariableName[] = Object.keys(RULES) as VariableName[],
): Environment {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const raw = source[name];
    if (raw === undefined || raw === '') continue;
    const current: Rule<unknown> = RULES[name];
    const value = typeof raw === 'string' ? current.parse(raw) : undefined;
    if (value === undefined) problems.push(`${name}: ${current.problem}${shown(raw, current.shown)}`);
    else values[name] = value;
  }
  const environment = values as Environment;
  if (
    names.includes('AUDIT_HMAC_KEY') &&
    environment.NODE_ENV === 'production' &&
    environment.AUDIT_HMAC_KEY === undefined
  ) {
    problems.push('AUDIT_HMAC_KEY: is required when NODE_ENV=production');
  }
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  return environment;
}

function shown(raw: unknown, what: Shown): string {
  if (what === 'nothing') return ' (the value is a secret and is not shown)';
  const value = String(raw);
  if (what === 'masked_url') {
    // Not a URL at all: it may be a secret pasted into the wrong variable.
    if (!value.includes('://')) return ' (the value is not shown)';
    return ` (got ${JSON.stringify(maskUrl(value))})`;
  }
  return ` (got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)})`;
}

/**
 * A URL with its userinfo, query and fragment replaced by `***`. Works on text that does not parse
 * as a URL too: everything up to the last `@` is userinfo (a password may hold `/`, `?` or `#`).
 */
export function maskUrl(value: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? '';
  let rest = value.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at !== -1) rest = `***@${rest.slice(at + 1)}`;
  return `${scheme}${rest.replace(/[?#].*$/s, (tail) => `${tail[0]}***`)}`;
}
