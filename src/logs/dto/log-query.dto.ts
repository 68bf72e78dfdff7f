import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { VALIDATION_OUTCOMES } from '../entities/validation-log.entity';
import type { ValidationOutcome } from '../entities/validation-log.entity';

export const MAX_PER_PAGE = 500;
export const DEFAULT_PER_PAGE = 50;

/** Query strings are text: a string of digits becomes a number; anything else is left to fail @IsInt. */
const toInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value));

/** `?page=&per_page=&license_key=` of `GET /api/user/logs/activity`. */
export class ActivityLogQueryDto {
  @ApiPropertyOptional({ example: 1, minimum: 1, default: 1, description: 'Page number' })
  @IsOptional() @toInt() @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ example: DEFAULT_PER_PAGE, description: 'Entries per page', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE })
  @IsOptional() @toInt() @IsInt() @Min(1) @Max(MAX_PER_PAGE)
  per_page?: number;

  @ApiPropertyOptional({ description: 'Only the entries of this license key' })
  @IsOptional() @IsString() @MaxLength(191)
  license_key?: string;
}

/** `?outcome=&page=&per_page=&license_key=` of `GET /api/user/logs/validations`. */
export class ValidationLogQueryDto extends ActivityLogQueryDto {
  @ApiPropertyOptional({ enum: VALIDATION_OUTCOMES, description: 'Only successful or only failed validations (default: both)' })
  @IsOptional() @IsIn(VALIDATION_OUTCOMES)
  outcome?: ValidationOutcome;
}
