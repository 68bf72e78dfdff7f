import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROTATION_SCOPES } from '../rotation-scopes';
import type { RotationScope } from '../rotation-scopes';

export class CreateTenantDto {
  @ApiProperty({ example: 'acme', description: '2-64 chars: letters, digits, _ . -' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, { message: 'username must be 2-64 letters, digits, _ . or -' })
  username: string;

  @ApiProperty({ example: 'ops@acme.test' })
  @IsEmail() @MaxLength(191)
  email: string;

  @ApiPropertyOptional({ example: 'Ada' })
  @IsOptional() @IsString() @MaxLength(100)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Lovelace' })
  @IsOptional() @IsString() @MaxLength(100)
  last_name?: string;
}

export class RotateSecretsDto {
  @ApiPropertyOptional({ enum: ROTATION_SCOPES, default: 'all', description: 'Which credential to rotate' })
  @IsOptional() @IsIn(ROTATION_SCOPES)
  scope?: RotationScope;
}

/** Highest own limit an operator can give a tenant (requests per minute and tier). */
export const MAX_TENANT_RATE_LIMIT = 1_000_000;

const limitProperty = (tier: string, example: number | null) =>
  ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_TENANT_RATE_LIMIT,
    example,
    description: `Requests per minute in the "${tier}" tier for this tenant's authenticated requests; null: back to the per-IP limit; absent: unchanged`,
  });

export class TenantRateLimitsDto {
  @limitProperty('auth', 600)
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TENANT_RATE_LIMIT)
  auth?: number | null;

  @limitProperty('management', null)
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TENANT_RATE_LIMIT)
  management?: number | null;

  @limitProperty('info', 300)
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TENANT_RATE_LIMIT)
  info?: number | null;
}
