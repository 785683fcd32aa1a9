// Secrets never reach a log line: any field whose name looks like a credential is masked,
// wherever it sits in the logged object.
const SECRET_KEY = /api[_-]?key|secret|password|authorization|cookie|token/i;
export const REDACTED = '[Redacted]';

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return out;
}
