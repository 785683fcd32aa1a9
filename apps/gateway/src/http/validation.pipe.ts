// The one ValidationPipe of the gateway. Every body, query and route parameter goes through it:
// payloads are transformed into DTOs, every violation is reported by its field path under one
// stable code, and a NUL character in a query or a route parameter is refused before it reaches
// Postgres. Unknown fields are refused, except on DTOs marked @IgnoresUnknownFields() (the
// OpenAI-compatible body, where a legal OpenAI field must never cost a client a 400): those are
// validated just the same, and their unknown fields are dropped.
import { type ArgumentMetadata, type Type, ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { FieldViolation, HttpRequestError } from './http-error';
import { findNul, NUL_MESSAGE } from './nul-character';
import { cacheValidationMetadata } from './validation-metadata-cache';

const IGNORES_UNKNOWN_FIELDS = Symbol('ignores-unknown-fields');

/** Marks a request DTO whose unknown fields are dropped instead of refused. */
export function IgnoresUnknownFields(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(IGNORES_UNKNOWN_FIELDS, true, target);
  };
}

function ignoresUnknownFields(type: unknown): boolean {
  return typeof type === 'function' && Reflect.getMetadata(IGNORES_UNKNOWN_FIELDS, type) === true;
}

const PART_NAMES: Readonly<Record<ArgumentMetadata['type'], string>> = {
  body: 'request body',
  query: 'query parameters',
  param: 'route parameters',
  custom: 'request values',
};

function flatten(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export class GatewayValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) =>
        new HttpRequestError('VALIDATION_FAILED', 'request body is invalid', flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const what = PART_NAMES[metadata.type];
    if (metadata.type === 'query' || metadata.type === 'param') {
      const field = findNul(value, metadata.data ?? '');
      if (field !== null) {
        throw new HttpRequestError('VALIDATION_FAILED', `${what} are invalid`, [
          { field: field === '' ? metadata.type : field, message: NUL_MESSAGE },
        ]);
      }
    }
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      // One exception factory serves every part of the request; the message names the right one.
      if (error instanceof HttpRequestError && metadata.type !== 'body')
        throw new HttpRequestError(error.code, `${what} are invalid`, error.violations);
      throw error;
    }
  }

  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> | ValidationError[] {
    const type = (object as { constructor?: Type<unknown> }).constructor;
    return super.validate(
      object,
      ignoresUnknownFields(type) ? { ...options, forbidNonWhitelisted: false } : options,
    );
  }
}

export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new GatewayValidationPipe();
}
