// The `messages` array every chat-shaped body carries, declared once so the three routes that take
// messages (/v1/chat, /v1/chat/completions, /v1/route/explain) validate and document it alike.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_MESSAGES } from './request-limits';

export function IsMessageList(message: () => new () => object): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: () => [message()], minItems: 1, maxItems: MAX_MESSAGES }),
    IsArray({ message: 'messages must be an array' }),
    ArrayMinSize(1, { message: 'messages must contain at least one message' }),
    ArrayMaxSize(MAX_MESSAGES, { message: `messages must contain at most ${MAX_MESSAGES} messages` }),
    ValidateNested({ each: true }),
    Type(message),
  );
}
