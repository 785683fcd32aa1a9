// The global ValidationPipe: unknown fields are refused, payloads are transformed into DTOs, and
// every violation is reported by its field path under one stable code.
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, HttpRequestError } from './http-error';

function flatten(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', flatten(errors)),
  });
}
