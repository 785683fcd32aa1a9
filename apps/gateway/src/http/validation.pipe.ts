// The global ValidationPipe: unknown fields are refused, payloads are transformed into DTOs, and
// every violation is reported by its field path under one stable code.
import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, HttpRequestError } from './http-error';

function flatten(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Names what was invalid: the body, the query string or a route parameter. */
const WHAT: Readonly<Record<ArgumentMetadata['type'], string>> = {
  body: 'request body is invalid',
  query: 'query parameters are invalid',
  param: 'route parameters are invalid',
  custom: 'request is invalid',
};

class GatewayValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (error instanceof HttpRequestError && metadata.type !== 'body')
        throw new HttpRequestError(error.code, WHAT[metadata.type], error.violations);
      throw error;
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', flatten(errors)),
  });
}
