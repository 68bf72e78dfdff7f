import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

// Types and lengths are checked here; the naming rules (characters, reserved names, slugs) in
// ProductsService, which reports them in the same 400 shape.

export class CreateCatalogProductDto {
  @ApiProperty({ example: 'My Plugin', description: '1-100 characters; no / \\ ? # % or control characters; unique per tenant (case-insensitive)' })
  @IsString() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'my-plugin', description: 'URL-safe slug (lower-case letters, digits, hyphens); default: derived from the name' })
  @IsOptional() @IsString() @MaxLength(200)
  slug?: string;

  @ApiPropertyOptional({ example: 'WordPress plugin that does X.' })
  @IsOptional() @IsString() @MaxLength(10_000)
  description?: string;
}

export class UpdateCatalogProductDto {
  @ApiPropertyOptional({ example: 'My Plugin Pro', description: 'New name (refused while licenses reference the old one)' })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'my-plugin-pro' })
  @IsOptional() @IsString() @MaxLength(200)
  slug?: string;

  @ApiPropertyOptional({ example: 'Now with more X.', type: String, nullable: true, description: 'Description; null clears it' })
  @IsOptional() @ValidateIf((o: UpdateCatalogProductDto) => o.description !== null) @IsString() @MaxLength(10_000)
  description?: string | null;
}

export class CreateVariationDto {
  @ApiProperty({ example: 'pro', description: '1-64 characters, unique per product (case-insensitive)' })
  @IsString() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'pro' })
  @IsOptional() @IsString() @MaxLength(200)
  slug?: string;
}

export class UpdateVariationDto {
  @ApiPropertyOptional({ example: 'agency' })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'agency' })
  @IsOptional() @IsString() @MaxLength(200)
  slug?: string;
}

export class CreateVersionDto {
  @ApiProperty({ example: '1.4.0', description: 'Semantic version (MAJOR.MINOR.PATCH[-pre][+build]); a leading v is dropped' })
  @IsString() @MaxLength(200)
  version: string;

  @ApiPropertyOptional({ example: 'pro', description: "Variation (id, slug or name) this version belongs to; absent: the product's own line" })
  @IsOptional() @IsString() @MaxLength(200)
  variation?: string;

  @ApiPropertyOptional({ example: '### Added\n- Dark mode\n### Fixed\n- Crash on save', description: 'Changelog entry (markdown)' })
  @IsOptional() @IsString()
  changelog?: string;

  @ApiPropertyOptional({ example: '2025-01-15', description: 'Release date: ISO 8601 or YYYY-MM-DD[ HH:mm:ss], UTC; default now' })
  @IsOptional() @IsString()
  release_date?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'Make it the current version of its line. Default: it becomes current when it is higher than every stable version of the line and not a pre-release.',
  })
  @IsOptional() @IsBoolean()
  current?: boolean;
}

export class UpdateVersionDto {
  @ApiPropertyOptional({ example: '### Fixed\n- Typo' })
  @IsOptional() @IsString()
  changelog?: string;

  @ApiPropertyOptional({ example: '2025-01-16 09:00:00' })
  @IsOptional() @IsString()
  release_date?: string;

  @ApiPropertyOptional({ example: true, description: 'true: make it current; false: the line has no current version until another is made current' })
  @IsOptional() @IsBoolean()
  current?: boolean;
}

export class VariationQueryDto {
  @ApiPropertyOptional({ example: 'pro', description: "Variation (id, slug or name) whose line the version is in; absent: the product's own line" })
  @IsOptional() @IsString() @MaxLength(200)
  variation?: string;
}
