// What an OpenAI message's `content` may be: a string, null, or an array of typed parts. Only text
// parts can be routed (the policy scans text); the other part types are recognised so the refusal
// names them (UNSUPPORTED_CONTENT) instead of calling a legal OpenAI body malformed.
import { ValidateBy, type ValidationOptions } from 'class-validator';

export interface ContentPart {
  readonly type: string;
  readonly text?: unknown;
}

export type MessageContent = string | null | readonly ContentPart[];

function isPart(value: unknown): value is ContentPart {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const part = value as { type?: unknown; text?: unknown };
  if (typeof part.type !== 'string') return false;
  return part.type !== 'text' || typeof part.text === 'string';
}

export function isMessageContent(value: unknown): value is MessageContent {
  return typeof value === 'string' || value === null || (Array.isArray(value) && value.every(isPart));
}

export function IsMessageContent(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMessageContent',
      validator: {
        validate: (value: unknown) => value === undefined || isMessageContent(value),
        defaultMessage: () =>
          'content must be a string, null, or an array of parts each with a string type (and a string text for text parts)',
      },
    },
    options,
  );
}
