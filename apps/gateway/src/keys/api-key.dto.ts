// The admin API's bodies for keys (class-validator, like every body), and their OpenAPI shapes.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope, type ApiKeyStatus } from '@app/identity';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'hr-tool', description: 'who or what uses the key (1-100 characters)' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    enum: API_KEY_SCOPES,
    isArray: true,
    example: ['chat'],
    description: '["chat"] (default) or ["chat","admin"]; admin implies chat',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(API_KEY_SCOPES, { each: true, message: 'scopes must hold chat or admin' })
  scopes?: ApiKeyScope[];

  @ApiPropertyOptional({
    example: 60,
    description: 'requests per minute (each replica allows rpm / REPLICAS)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  rpm?: number;

  @ApiPropertyOptional({
    example: 100000,
    description: 'tokens (input + output) per minute, per replica likewise',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  tpm?: number;

  @ApiPropertyOptional({
    example: 5,
    description: "the key's cloud spend per UTC day; over it the key routes local (key_budget_exceeded)",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000_000)
  daily_cloud_usd?: number;

  @ApiPropertyOptional({ description: 'nothing this key sends may reach the cloud (key_local_only)' })
  @IsOptional()
  @IsBoolean()
  local_only?: boolean;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'expires_at must be an ISO 8601 date' })
  expires_at?: string;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    example: 3600,
    default: 86400,
    description: 'how long the old key keeps working (0: stops now)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(31_536_000)
  grace_seconds?: number;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'hr-tool' }) name!: string;
  @ApiProperty({
    example: 'pm_7Hq2LmX9',
    description: 'the public prefix: tells keys apart, authenticates nothing',
  })
  prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ type: Number, nullable: true }) rpm!: number | null;
  @ApiProperty({ type: Number, nullable: true }) tpm!: number | null;
  @ApiProperty({ type: Number, nullable: true }) daily_cloud_usd!: number | null;
  @ApiProperty() local_only!: boolean;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: ApiKeyStatus;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) expires_at!: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) revoked_at!: string | null;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    description: 'updated at most once a minute',
  })
  last_used_at!: string | null;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'the key that replaced it by rotation',
  })
  replaced_by!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'pm_7Hq2LmX9…',
    description: 'the key itself: shown in this answer only, never again',
  })
  key!: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

export class RotatedApiKeyDto {
  @ApiProperty({ type: CreatedApiKeyDto }) key!: CreatedApiKeyDto;
  @ApiProperty({ type: ApiKeyDto, description: 'the old key, expiring at the end of the grace period' })
  previous!: ApiKeyDto;
}
