// OpenAI's embeddings request as a class-validator DTO. Fields not declared here are dropped, never
// refused (@IgnoresUnknownFields), as on chat completions.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { HasNoNul } from '../http/nul-character';
import { IgnoresUnknownFields } from '../http/validation.pipe';
import { IsIntBetween } from './ranges';

/** OpenAI's own limit on inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

export const ENCODING_FORMATS = ['float', 'base64'] as const;

const isTokenList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));

/** What `input` may be on the wire: text, texts, or OpenAI's token ids (refused later, with a code). */
function inputProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length === 0 ? 'input must not be an empty string' : undefined;
  if (!Array.isArray(value) || value.length === 0)
    return 'input must be a string or a non-empty array of strings';
  if (value.length > MAX_EMBEDDING_INPUTS)
    return `input must hold at most ${MAX_EMBEDDING_INPUTS} items (has ${value.length})`;
  if (value.every((item) => typeof item === 'string')) {
    const empty = value.findIndex((item) => item === '');
    return empty === -1 ? undefined : `input.${empty} must not be an empty string`;
  }
  if (isTokenList(value) || value.every(isTokenList)) return undefined;
  return 'input must be a string or an array of strings';
}

function IsEmbeddingInput(): PropertyDecorator {
  return ValidateBy({
    name: 'isEmbeddingInput',
    validator: {
      validate: (value: unknown) => inputProblem(value) === undefined,
      defaultMessage: (args) => inputProblem(args?.value) ?? 'input is invalid',
    },
  });
}

export type EmbeddingInputValue = string | string[] | number[] | number[][];

@IgnoresUnknownFields()
export class EmbeddingRequestDto {
  @ApiProperty({
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: MAX_EMBEDDING_INPUTS },
    ],
    description:
      'The text(s) to embed; each is scanned by the policy. Token-id arrays are refused (400 UNSUPPORTED_CONTENT): the policy cannot read them',
    example: 'The food was delicious and the waiter was kind.',
  })
  @IsEmbeddingInput()
  input!: EmbeddingInputValue;

  @ApiPropertyOptional({
    description:
      '"auto" (or a model the policy neither allows nor aliases on the chosen tier) lets the policy choose; x-policy-mesh-model-choice says which happened',
    example: 'text-embedding-3-small',
  })
  @IsOptional()
  @IsString({ message: 'model must be a string' })
  @MaxLength(200, { message: 'model must be at most 200 characters' })
  @HasNoNul()
  model?: string;

  @ApiPropertyOptional({ enum: ENCODING_FORMATS, default: 'float' })
  @IsOptional()
  @IsIn(ENCODING_FORMATS, { message: `encoding_format must be one of ${ENCODING_FORMATS.join(', ')}` })
  encoding_format?: (typeof ENCODING_FORMATS)[number] | null;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Passed to the provider (OpenAI text-embedding-3, Ollama)',
  })
  @IsOptional()
  @IsIntBetween('dimensions', 1)
  dimensions?: number | null;

  @ApiPropertyOptional({ description: 'Becomes the audit client_id unless X-Client-Id is sent' })
  @IsOptional()
  @IsString({ message: 'user must be a string' })
  user?: string | null;
}
