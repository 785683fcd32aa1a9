// What an OpenAI message's `content` may be: a string, null, or an array of typed parts. Text parts
// are scanned; image parts (inline base64 data: URLs) are counted for the policy's `images` rule.
// Other part types (audio, files) are recognised so the refusal names them (UNSUPPORTED_CONTENT)
// instead of calling a legal OpenAI body malformed.
import { ValidateBy, type ValidationOptions } from 'class-validator';

export interface ContentPart {
  readonly type: string;
  readonly text?: unknown;
  readonly refusal?: unknown;
  readonly image_url?: { readonly url: string; readonly detail?: unknown };
}

export type MessageContent = string | null | readonly ContentPart[];

function isPart(value: unknown): value is ContentPart {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const part = value as { type?: unknown; text?: unknown; image_url?: unknown };
  if (typeof part.type !== 'string') return false;
  if (part.type === 'image_url') {
    const image = part.image_url as { url?: unknown; detail?: unknown } | null | undefined;
    return (
      typeof image === 'object' &&
      image !== null &&
      typeof image.url === 'string' &&
      (image.detail === undefined ||
        image.detail === 'auto' ||
        image.detail === 'low' ||
        image.detail === 'high')
    );
  }
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
          'content must be a string, null, or an array of parts each with a string type (a string text for text parts, an image_url object with a string url for image parts)',
      },
    },
    options,
  );
}
