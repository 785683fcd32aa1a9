import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';

export class ChatMessageDto {
  @ApiProperty({ enum: ['system', 'user', 'assistant'], example: 'user' })
  @IsIn(['system', 'user', 'assistant'], { message: 'role must be one of system, user, assistant' })
  role!: 'system' | 'user' | 'assistant';

  @ApiProperty({ example: 'Summarise our internal roadmap' })
  @IsString({ message: 'content must be a string' })
  content!: string;
}
