import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsMessageList } from '../http/message-list.decorator';
import { HasNoNul } from '../http/nul-character';
import { ChatMessageDto } from './chat-message.dto';

/** The original Policy Mesh request: unknown fields are refused. */
export class ChatRequestDto {
  @IsMessageList(() => ChatMessageDto)
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
  @IsMessageList(() => ChatMessageDto)
  messages!: ChatMessageDto[];
}
