import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { parseTimeBound } from '@app/audit';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { CORRELATION_ID_PATTERN } from '../http/request-id';

/** `1h`, `7d`, `30m` (before now) or an ISO 8601 date — what the CLI's --since accepts. */
const IsTimeBound = (name: string) =>
  ValidateBy({
    name: 'isTimeBound',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTimeBound(value) !== undefined,
      defaultMessage: () => `${name} must be a duration before now (30m, 1h, 7d) or an ISO 8601 date`,
    },
  });

export class AuditWindowQueryDto {
  @ApiPropertyOptional({
    example: '1h',
    description: 'a duration before now (30m, 1h, 7d) or an ISO 8601 date',
  })
  @IsOptional()
  @IsTimeBound('since')
  since?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'as since' })
  @IsOptional()
  @IsTimeBound('until')
  until?: string;

  @ApiPropertyOptional({ description: "The calling API key's id (audit rows carry it, never the key)" })
  @IsOptional()
  @IsUUID('all', { message: 'key_id must be a UUID' })
  key_id?: string;

  @ApiPropertyOptional({
    description: "The calling API key's name (every key of that name, rotated ones too)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  key_name?: string;
}

export class AuditListQueryDto extends AuditWindowQueryDto {
  @ApiPropertyOptional({ enum: ['local', 'cloud'] })
  @IsOptional()
  @IsIn(['local', 'cloud'], { message: 'provider must be local or cloud' })
  provider?: 'local' | 'cloud';

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
