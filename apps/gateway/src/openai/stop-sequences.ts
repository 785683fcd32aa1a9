// OpenAI's `stop`: one string, or up to four.
import { ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_STOP_SEQUENCES = 4;

export function IsStopSequences(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStopSequences',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' ||
          (Array.isArray(value) &&
            value.length <= MAX_STOP_SEQUENCES &&
            value.every((item) => typeof item === 'string')),
        defaultMessage: () => `stop must be a string or an array of at most ${MAX_STOP_SEQUENCES} strings`,
      },
    },
    options,
  );
}
