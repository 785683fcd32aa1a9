// OpenAI's numeric fields with their documented ranges, each one decorator with the message a
// client reads ("temperature must be between 0 and 2").
import { applyDecorators } from '@nestjs/common';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** A number in [min, max]. */
export function IsNumberBetween(field: string, min: number, max: number): PropertyDecorator {
  const range = { message: `${field} must be between ${min} and ${max}` };
  return applyDecorators(
    IsNumber({}, { message: `${field} must be a number` }),
    Min(min, range),
    Max(max, range),
  );
}

/** An integer in [min, max], or at least `min` when max is omitted. */
export function IsIntBetween(field: string, min: number, max?: number): PropertyDecorator {
  const integer = IsInt({ message: `${field} must be an integer` });
  if (max === undefined)
    return applyDecorators(integer, Min(min, { message: `${field} must be at least ${min}` }));
  const range = { message: `${field} must be between ${min} and ${max}` };
  return applyDecorators(integer, Min(min, range), Max(max, range));
}
