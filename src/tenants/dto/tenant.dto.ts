import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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
