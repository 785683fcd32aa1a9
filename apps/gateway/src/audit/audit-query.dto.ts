import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CORRELATION_ID_PATTERN } from '../http/request-id';

export class AuditWindowQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsDateString({}, { message: 'since must be an ISO 8601 date' })
  since?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsDateString({}, { message: 'until must be an ISO 8601 date' })
  until?: string;
}

export class AuditListQueryDto extends AuditWindowQueryDto {
  @ApiPropertyOptional({ enum: ['local', 'openai'] })
  @IsOptional()
  @IsIn(['local', 'openai'], { message: 'provider must be local or openai' })
  provider?: 'local' | 'openai';

  @ApiPropertyOptional({ enum: ['success', 'failure', 'rejected'] })
  @IsOptional()
  @IsIn(['success', 'failure', 'rejected'], { message: 'status must be success, failure or rejected' })
  status?: 'success' | 'failure' | 'rejected';

  @ApiPropertyOptional({ example: 'pii_detected' })
  @IsOptional()
  @IsString()
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  client_id?: string;

  @ApiPropertyOptional({
    description: "A caller's inbound X-Request-Id, kept as the row's correlation_id",
    example: 'order-4711',
  })
  @IsOptional()
  @Matches(CORRELATION_ID_PATTERN, {
    message: 'correlation_id must be 1-128 characters of letters, digits and -_.:;=+/@~',
  })
  correlation_id?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
