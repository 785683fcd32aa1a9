// The OpenAI chat completions request as a class-validator DTO, validated by the gateway's one
// ValidationPipe. Every field OpenAI documents is accepted within OpenAI's documented ranges; fields
// not declared here are dropped, never refused (@IgnoresUnknownFields), so a real client is never
// turned away for a legal field. A new field is one more decorated property (and, if a provider can
// use it, a line in completion-request.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HasNoNul } from '../http/nul-character';
import { IsMessageList } from '../http/message-list.decorator';
import { IgnoresUnknownFields } from '../http/validation.pipe';
import { IsMessageContent, type MessageContent } from './message-content';
import { IsIntBetween, IsNumberBetween } from './ranges';
import { IsStopSequences } from './stop-sequences';
import { IsToolChoice, MAX_TOOLS, ToolCallDto, ToolDto, type ToolChoiceValue } from './tool.dto';

export const OPENAI_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
export type OpenAiRole = (typeof OPENAI_ROLES)[number];

export const RESPONSE_FORMAT_TYPES = ['text', 'json_object', 'json_schema'] as const;

/** The largest `n` OpenAI accepts; only 1 is served (see completion-request.ts). */
export const MAX_CHOICES = 128;

export class CompletionMessageDto {
  @ApiProperty({ enum: OPENAI_ROLES, example: 'user' })
  @IsIn(OPENAI_ROLES, { message: `role must be one of ${OPENAI_ROLES.join(', ')}` })
  role!: OpenAiRole;

  @ApiPropertyOptional({
    description:
      "A string, null, or an array of content parts: `text` (scanned by the policy) and `image_url` with an inline base64 `data:` URL (counted for the policy's `images` rule)",
    example: 'Hello!',
  })
  @IsOptional()
  @IsMessageContent()
  content?: MessageContent;

  @ApiPropertyOptional({
    type: [ToolCallDto],
    description: "An assistant turn's tool calls; names and arguments are scanned by the policy",
  })
  @ValidateIf((message: CompletionMessageDto) => message.tool_calls != null)
  @IsArray({ message: 'tool_calls must be an array' })
  @ArrayMaxSize(MAX_TOOLS, { message: `tool_calls must contain at most ${MAX_TOOLS} calls` })
  @ValidateNested({ each: true })
  @Type(() => ToolCallDto)
  tool_calls?: ToolCallDto[] | null;

  @ApiPropertyOptional({ description: 'A tool turn: the id of the call it answers (required there)' })
  @ValidateIf((message: CompletionMessageDto) => message.role === 'tool' || message.tool_call_id != null)
  @IsString({ message: 'tool_call_id must be a string (required for a tool message)' })
  @MaxLength(200, { message: 'tool_call_id must be at most 200 characters' })
  tool_call_id?: string;
}

export class JsonSchemaFormatDto {
  @ApiProperty({ example: 'answer', pattern: '^[a-zA-Z0-9_-]{1,64}$' })
  @IsString({ message: 'json_schema.name must be a string' })
  @Matches(/^[a-zA-Z0-9_-]{1,64}$/, {
    message: 'json_schema.name must be 1-64 letters, digits, underscores or dashes',
  })
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'json_schema.schema must be an object' })
  schema?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'json_schema.strict must be a boolean' })
  strict?: boolean | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'json_schema.description must be a string' })
  description?: string;
}

export class ResponseFormatDto {
  @ApiProperty({ enum: RESPONSE_FORMAT_TYPES })
  @IsIn(RESPONSE_FORMAT_TYPES, {
    message: `response_format.type must be one of ${RESPONSE_FORMAT_TYPES.join(', ')}`,
  })
  type!: (typeof RESPONSE_FORMAT_TYPES)[number];

  @ApiPropertyOptional({ type: JsonSchemaFormatDto, description: 'Required when type is json_schema' })
  @ValidateIf((format: ResponseFormatDto) => format.type === 'json_schema' || format.json_schema != null)
  @IsDefined({ message: 'response_format.json_schema is required when type is json_schema' })
  @IsObject({ message: 'response_format.json_schema must be an object' })
  @ValidateNested()
  @Type(() => JsonSchemaFormatDto)
  json_schema?: JsonSchemaFormatDto;
}

export class StreamOptionsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'stream_options.include_usage must be a boolean' })
  include_usage?: boolean | null;
}

/**
 * OpenAI's body; fields it documents but no provider here uses are validated, then ignored. Unknown
 * fields are dropped here and in every nested object (the marker applies to the whole body).
 */
@IgnoresUnknownFields()
export class CompletionRequestDto {
  @ApiPropertyOptional({
    description:
      '"auto" (or a model the policy does not list for the chosen provider) lets the policy choose',
    example: 'auto',
  })
  @IsOptional()
  @IsString({ message: 'model must be a string' })
  @MaxLength(200, { message: 'model must be at most 200 characters' })
  @HasNoNul()
  model?: string;

  @IsMessageList(() => CompletionMessageDto)
  messages!: CompletionMessageDto[];

  @ApiPropertyOptional({ description: 'Server-Sent Events in OpenAI chunks, ending with data: [DONE]' })
  @IsOptional()
  @IsBoolean({ message: 'stream must be a boolean' })
  stream?: boolean | null;

  @ApiPropertyOptional({ type: StreamOptionsDto })
  @IsOptional()
  @IsObject({ message: 'stream_options must be an object' })
  @ValidateNested()
  @Type(() => StreamOptionsDto)
  stream_options?: StreamOptionsDto | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  @IsOptional()
  @IsNumberBetween('temperature', 0, 2)
  temperature?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumberBetween('top_p', 0, 1)
  top_p?: number | null;

  @ApiPropertyOptional({ minimum: 1, deprecated: true, description: 'Use max_completion_tokens' })
  @IsOptional()
  @IsIntBetween('max_tokens', 1)
  max_tokens?: number | null;

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @IsIntBetween('max_completion_tokens', 1)
  max_completion_tokens?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CHOICES, description: 'Only 1 is supported' })
  @IsOptional()
  @IsIntBetween('n', 1, MAX_CHOICES)
  n?: number | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }],
  })
  @IsOptional()
  @IsStopSequences()
  stop?: string | string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'seed must be an integer' })
  seed?: number | null;

  @ApiPropertyOptional({ minimum: -2, maximum: 2 })
  @IsOptional()
  @IsNumberBetween('presence_penalty', -2, 2)
  presence_penalty?: number | null;

  @ApiPropertyOptional({ minimum: -2, maximum: 2 })
  @IsOptional()
  @IsNumberBetween('frequency_penalty', -2, 2)
  frequency_penalty?: number | null;

  @ApiPropertyOptional({ type: ResponseFormatDto })
  @IsOptional()
  @IsObject({ message: 'response_format must be an object' })
  @ValidateNested()
  @Type(() => ResponseFormatDto)
  response_format?: ResponseFormatDto | null;

  @ApiPropertyOptional({
    description:
      "Log probabilities of the answer's tokens, from OpenAI or Ollama, for whole answers (a stream asking for them gets 400 unsupported_parameter)",
  })
  @IsOptional()
  @IsBoolean({ message: 'logprobs must be a boolean' })
  logprobs?: boolean | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 20 })
  @IsOptional()
  @IsIntBetween('top_logprobs', 0, 20)
  top_logprobs?: number | null;

  @ApiPropertyOptional({
    type: [ToolDto],
    maxItems: MAX_TOOLS,
    description:
      'Function tools, passed to both providers; names, descriptions and parameter schemas are scanned by the policy',
  })
  @IsOptional()
  @IsArray({ message: 'tools must be an array' })
  @ArrayMaxSize(MAX_TOOLS, { message: `tools must contain at most ${MAX_TOOLS} tools` })
  @ValidateNested({ each: true })
  @Type(() => ToolDto)
  tools?: ToolDto[] | null;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', enum: ['none', 'auto', 'required'] },
      {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['function'] },
          function: { type: 'object', properties: { name: { type: 'string' } } },
        },
      },
    ],
    description:
      'Passed to the cloud. Ollama honours "auto" and "none" (tools not offered); "required" or a named function on the local tier is refused with unsupported_parameter',
  })
  @IsOptional()
  @IsToolChoice()
  tool_choice?: ToolChoiceValue | null;

  @ApiPropertyOptional({
    description: 'Passed to the cloud; on the local tier only true (or omitted) can be honoured',
  })
  @IsOptional()
  @IsBoolean({ message: 'parallel_tool_calls must be a boolean' })
  parallel_tool_calls?: boolean | null;

  @ApiPropertyOptional({ deprecated: true, description: 'Refused (unsupported_parameter): use tools' })
  @Allow()
  functions?: unknown;

  @ApiPropertyOptional({ deprecated: true, description: 'Refused (unsupported_parameter): use tool_choice' })
  @Allow()
  function_call?: unknown;

  @ApiPropertyOptional({ description: 'Becomes the audit client_id unless X-Client-Id is sent' })
  @IsOptional()
  @IsString({ message: 'user must be a string' })
  user?: string | null;
}
