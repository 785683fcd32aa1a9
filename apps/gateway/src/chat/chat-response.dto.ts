import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UsageDto {
  @ApiProperty({ example: 12 }) input_tokens!: number;
  @ApiProperty({ example: 48 }) output_tokens!: number;
}

export class ChatResponseDto {
  @ApiProperty({ example: '01936f4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f' }) request_id!: string;
  @ApiProperty({ enum: ['local', 'cloud'], description: 'The tier the policy decided' })
  provider!: string;
  @ApiProperty({
    enum: ['local', 'cloud'],
    nullable: true,
    type: String,
    description: 'The tier that answered (differs after a fallback); null when none did',
  })
  served_by!: string | null;
  @ApiProperty({ example: ['sensitive_keyword_match'], type: [String] }) reason_codes!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'Here is the summary…' }) content!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) error!: string | null;
  @ApiPropertyOptional({
    description:
      'On failures: timeout, unreachable, auth_error, rate_limited, client_error, server_error, invalid_response, stream_interrupted, canceled',
  })
  failure_category?: string;
  @ApiProperty({ example: 'llama3.2' }) model!: string;
  @ApiProperty({ type: UsageDto, nullable: true }) usage!: UsageDto | null;
  @ApiProperty({ example: '3f1c…', description: 'SHA-256 of the effective policy' }) policy_version!: string;
}
