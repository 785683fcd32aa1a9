// A NUL character is legal in JSON and in a URL (`%00`), but Postgres refuses it in text: a value
// that would reach a query or an audit row is refused at the edge instead of failing there as a 500.
import { ValidateBy, type ValidationOptions } from 'class-validator';

export const NUL_MESSAGE = 'must not contain a NUL character';

export function containsNul(value: string): boolean {
  return value.includes('\u0000');
}

/** The path of the first string holding a NUL in a query, a route parameter or a value below it. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return containsNul(value) ? path : null;
  if (depth > 8 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = findNul(item, path === '' ? key : `${path}.${key}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** For a body field that is stored or used as a lookup key (a model name, a client id). */
export function HasNoNul(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasNoNul',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !containsNul(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} ${NUL_MESSAGE}`,
      },
    },
    options,
  );
}
