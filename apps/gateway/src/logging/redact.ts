// Secrets never reach a log line: any field whose name looks like a credential is masked,
// wherever it sits in the logged object.
const SECRET_KEY = /api[_-]?key|secret|password|authorization|cookie|token/i;
export const REDACTED = '[Redacted]';

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Masks credential-like keys in plain objects and arrays. Class instances are left whole: the
 * request and response objects pino-http logs are reduced by their serializers (which keep no
 * header at all), and walking a live socket on every line would cost more than the request.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(value[key], depth + 1);
  }
  return out;
}
