// OpenAI's tool vocabulary as class-validator DTOs: the tools a request offers, the calls an
// assistant turn made, and `tool_choice`. Shapes OpenAI documents but no provider here can serve
// (custom tools, allowed_tools) pass validation and are refused with UNSUPPORTED_PARAMETER when the
// body is mapped (completion-request.ts), so the code says "not here" rather than "malformed".
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/** OpenAI's rule for function names. */
export const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const FUNCTION_NAME_MESSAGE = 'must be 1-64 letters, digits, underscores or dashes';

/** The most tools OpenAI takes in one request. */
export const MAX_TOOLS = 128;

export class FunctionDefinitionDto {
  @ApiProperty({ example: 'get_weather', pattern: FUNCTION_NAME.source })
  @IsString({ message: 'function.name must be a string' })
  @Matches(FUNCTION_NAME, { message: `function.name ${FUNCTION_NAME_MESSAGE}` })
  name!: string;

  @ApiPropertyOptional({ description: 'Scanned by the policy like the messages' })
  @IsOptional()
  @IsString({ message: 'function.description must be a string' })
  description?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A JSON Schema; scanned by the policy like the messages',
  })
  @IsOptional()
  @IsObject({ message: 'function.parameters must be an object' })
  parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Passed to the cloud; Ollama has no strict mode' })
  @IsOptional()
  @IsBoolean({ message: 'function.strict must be a boolean' })
  strict?: boolean | null;
}

export class ToolDto {
  @ApiProperty({ example: 'function', description: 'Only "function" tools can be served' })
  @IsString({ message: 'type must be a string' })
  type!: string;

  @ApiPropertyOptional({ type: FunctionDefinitionDto, description: 'Required for a function tool' })
  @IsOptional()
  @IsObject({ message: 'function must be an object' })
  @ValidateNested()
  @Type(() => FunctionDefinitionDto)
  function?: FunctionDefinitionDto;
}

export class ToolCallFunctionDto {
  @ApiProperty({ example: 'get_weather' })
  @IsString({ message: 'function.name must be a string' })
  @MaxLength(64, { message: `function.name ${FUNCTION_NAME_MESSAGE}` })
  name!: string;

  @ApiProperty({ example: '{"city":"Paris"}', description: 'JSON text; scanned by the policy' })
  @IsString({ message: 'function.arguments must be a string (JSON text)' })
  arguments!: string;
}

/** A call an assistant turn made, echoed back by the client with the conversation. */
export class ToolCallDto {
  @ApiProperty({ example: 'call_abc123' })
  @IsString({ message: 'id must be a string' })
  @MaxLength(200, { message: 'id must be at most 200 characters' })
  id!: string;

  @ApiProperty({ enum: ['function'] })
  @IsIn(['function'], { message: 'type must be function' })
  type!: 'function';

  @ApiProperty({ type: ToolCallFunctionDto })
  @IsDefined({ message: 'function is required' })
  @IsObject({ message: 'function must be an object' })
  @ValidateNested()
  @Type(() => ToolCallFunctionDto)
  function!: ToolCallFunctionDto;
}

export type ToolChoiceValue =
  | 'none'
  | 'auto'
  | 'required'
  | { readonly type: string; readonly function?: { readonly name?: unknown } };

function isToolChoice(value: unknown): value is ToolChoiceValue {
  if (value === 'none' || value === 'auto' || value === 'required') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const choice = value as { type?: unknown; function?: unknown };
  if (typeof choice.type !== 'string') return false;
  if (choice.type !== 'function') return true;
  const fn = choice.function as { name?: unknown } | undefined;
  return typeof fn === 'object' && fn !== null && typeof fn.name === 'string' && FUNCTION_NAME.test(fn.name);
}

export function IsToolChoice(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isToolChoice',
      validator: {
        validate: (value: unknown) => value === undefined || value === null || isToolChoice(value),
        defaultMessage: () =>
          'tool_choice must be "none", "auto", "required" or {"type": "function", "function": {"name": …}}',
      },
    },
    options,
  );
}
