import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { LEAD_STATUSES } from '../entities/fluent-lead.entity';

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SLUG_MESSAGE = 'slug must be 1-64 lower-case letters, digits, _ or - (e.g. appza, lazy_task, fcom_mobile)';
const numericString = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value);
const boolString = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateFluentProductDto {
  @ApiProperty({ example: 'appza', description: 'Product slug the plugins send (`product`) and leads belong to' })
  @IsString() @Matches(SLUG, { message: SLUG_MESSAGE })
  slug: string;

  @ApiPropertyOptional({ example: 'Appza' })
  @IsOptional() @IsString() @MaxLength(191)
  name?: string;

  @ApiPropertyOptional({ example: 'https://store.example.com/', type: String, nullable: true, description: 'FluentCart store URL (the `?fluent-cart=` endpoint)' })
  @IsOptional() @ValidateIf((o: CreateFluentProductDto) => o.api_url !== null) @IsUrl(URL_OPTIONS, { message: 'api_url must be an http(s) URL' }) @MaxLength(500)
  api_url?: string | null;

  @ApiPropertyOptional({ example: 1771, type: 'integer', nullable: true, description: "The store's product id (`item_id`)" })
  @IsOptional() @Transform(numericString) @ValidateIf((o: CreateFluentProductDto) => o.item_id !== null) @IsInt() @Min(1) @Max(2_147_483_647)
  item_id?: number | null;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional() @Transform(boolString) @IsBoolean()
  is_active?: boolean;
}

export class UpdateFluentProductDto {
  @ApiPropertyOptional({ example: 'Appza' })
  @IsOptional() @IsString() @MaxLength(191)
  name?: string;

  @ApiPropertyOptional({ example: 'https://store.example.com/', type: String, nullable: true, description: 'FluentCart store URL; null removes it' })
  @IsOptional() @ValidateIf((o: UpdateFluentProductDto) => o.api_url !== null) @IsUrl(URL_OPTIONS, { message: 'api_url must be an http(s) URL' }) @MaxLength(500)
  api_url?: string | null;

  @ApiPropertyOptional({ example: 1771, type: 'integer', nullable: true, description: "The store's product id; null removes it" })
  @IsOptional() @Transform(numericString) @ValidateIf((o: UpdateFluentProductDto) => o.item_id !== null) @IsInt() @Min(1) @Max(2_147_483_647)
  item_id?: number | null;

  @ApiPropertyOptional({ example: false })
  @IsOptional() @Transform(boolString) @IsBoolean()
  is_active?: boolean;
}

export class CreateFluentPopupMessageDto {
  @ApiProperty({ example: 'info', description: 'Message type the plugin styles by (info, warning, promo, ...)' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  type: string;

  @ApiProperty({ example: 'Version 2 is out!' })
  @IsString() @IsNotEmpty() @MaxLength(5000)
  message: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional() @Transform(boolString) @IsBoolean()
  is_active?: boolean;
}

export class UpdateFluentPopupMessageDto {
  @ApiPropertyOptional({ example: 'warning' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  type?: string;

  @ApiPropertyOptional({ example: 'Please renew your license.' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000)
  message?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional() @Transform(boolString) @IsBoolean()
  is_active?: boolean;
}

export class CreateFluentLeadDto {
  @ApiProperty({ example: 'appza', description: 'Slug of one of your products' })
  @IsString() @Matches(SLUG, { message: 'product must be a product slug' })
  product: string;

  @ApiProperty({ example: 'example.com', description: 'The site the plugin runs on' })
  @IsString() @IsNotEmpty() @MaxLength(255)
  domain: string;

  @ApiProperty({ example: 'owner@example.com' })
  @IsEmail() @MaxLength(191)
  email: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional() @IsString() @MaxLength(191)
  name?: string;

  @ApiPropertyOptional({
    description: 'Keep a token issued by another server (migration): 16-255 printable ASCII characters. Generated when absent.',
    example: undefined,
  })
  @IsOptional() @IsString() @Matches(/^[\x21-\x7E]{16,255}$/, { message: 'token must be 16-255 printable ASCII characters without spaces' })
  token?: string;
}

export class UpdateFluentLeadDto {
  @ApiProperty({ enum: ['active', 'inactive'], example: 'inactive', description: 'Suspend or resume a lead (closing is final: POST .../close)' })
  @IsIn(['active', 'inactive'])
  status: 'active' | 'inactive';
}

export class ListFluentLeadsQuery {
  @ApiPropertyOptional({ example: 'appza', description: 'Only leads of this bridge product (slug)' })
  @IsOptional() @IsString() @MaxLength(64)
  product?: string;

  @ApiPropertyOptional({ enum: LEAD_STATUSES, description: 'Only leads of this status' })
  @IsOptional() @IsIn(LEAD_STATUSES)
  status?: (typeof LEAD_STATUSES)[number];
}

export class ListFluentSitesQuery {
  @ApiPropertyOptional({ example: 'appza', description: 'Only this bridge product (slug)' })
  @IsOptional() @IsString() @MaxLength(64)
  product?: string;

  @ApiPropertyOptional({ example: 'https://example.com', description: 'Only this site' })
  @IsOptional() @IsString() @MaxLength(2048)
  site_url?: string;

  @ApiPropertyOptional({ example: 'FLUENT-LICENSE-KEY-1234', description: 'Only this license key' })
  @IsOptional() @IsString() @MaxLength(191)
  license_key?: string;
}
