import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_MESSAGES } from '../http/request-limits';
import { HasNoNul } from '../http/nul-character';
import { ChatMessageDto } from './chat-message.dto';

/** The original Policy Mesh request: unknown fields are refused. */
export class ChatRequestDto {
  @ApiProperty({ type: [ChatMessageDto], minItems: 1, maxItems: MAX_MESSAGES })
  @IsArray({ message: 'messages must be an array' })
  @ArrayMinSize(1, { message: 'messages must contain at least one message' })
  @ArrayMaxSize(MAX_MESSAGES, { message: `messages must contain at most ${MAX_MESSAGES} messages` })
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({
    description: 'A model the policy allows for the chosen provider; omit or "auto" to let the policy choose',
    example: 'auto',
  })
  @IsOptional()
  @IsString({ message: 'model must be a string' })
  @MaxLength(200)
  @HasNoNul()
  model?: string;
}

/** The dry run takes the same messages; nothing is sent or audited. */
export class ExplainRequestDto {
  @ApiProperty({ type: [ChatMessageDto], minItems: 1, maxItems: MAX_MESSAGES })
  @IsArray({ message: 'messages must be an array' })
  @ArrayMinSize(1, { message: 'messages must contain at least one message' })
  @ArrayMaxSize(MAX_MESSAGES, { message: `messages must contain at most ${MAX_MESSAGES} messages` })
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages!: ChatMessageDto[];
}
