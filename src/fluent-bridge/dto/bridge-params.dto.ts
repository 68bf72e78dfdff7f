import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/*
 * Parameters of the License API v1 endpoints. They arrive as JSON, a form body or the query
 * string (merged by @BridgeParams); unknown parameters are ignored, as the original did.
 * Messages follow Laravel's, which deployed plugins display. The required check sits next to
 * the property so that it is registered, and with stopAtFirstError reported, first.
 */

const required = (field: string) => ({ message: `The ${field} field is required.` });
const mustBeString = (field: string) => ({ message: `The ${field} must be a string.` });
const maxLength = (field: string, n: number) => ({ message: `The ${field} may not be greater than ${n} characters.` });

export const APPZA_ACTIONS = ['license_deactivate', 'plugin_delete'] as const;
export type AppzaAction = (typeof APPZA_ACTIONS)[number];

export class BridgeActivateParams {
  @ApiProperty({ example: 'https://example.com', description: 'The website URL (normalized to https://host)' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsNotEmpty(required('site url'))
  site_url: string;

  @ApiProperty({ example: 'FLUENT-LICENSE-KEY-1234', description: 'The license key the FluentCart store issued' })
  @MaxLength(191, maxLength('license key', 191)) @IsString(mustBeString('license key')) @IsNotEmpty(required('license key'))
  license_key: string;

  @ApiPropertyOptional({ example: 'owner@example.com' })
  @MaxLength(191, maxLength('email', 191)) @IsString(mustBeString('email')) @IsOptional()
  email?: string;
}

export class BridgeCheckParams {
  @ApiProperty({ example: 'https://example.com' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsNotEmpty(required('site url'))
  site_url: string;

  @ApiProperty({ example: 'FLUENT-LICENSE-KEY-1234' })
  @MaxLength(191, maxLength('license key', 191)) @IsString(mustBeString('license key')) @IsNotEmpty(required('license key'))
  license_key: string;
}

export class BridgeVersionCheckParams {
  @ApiProperty({ example: 'FLUENT-LICENSE-KEY-1234' })
  @MaxLength(191, maxLength('license key', 191)) @IsString(mustBeString('license key')) @IsNotEmpty(required('license key'))
  license_key: string;

  @ApiPropertyOptional({ example: 'https://example.com', description: 'Scopes the stored activation to this site' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsOptional()
  site_url?: string;
}

export class BridgeAppLicenseCheckParams {
  @ApiProperty({ example: 'https://example.com' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsNotEmpty(required('site url'))
  site_url: string;

  @ApiProperty({ example: 'appza', description: "A product slug of the lead's vendor (appza, lazy_task, fcom_mobile, ...)" })
  @MaxLength(64, maxLength('product', 64)) @IsString(mustBeString('product')) @IsNotEmpty(required('product'))
  product: string;
}

export class BridgeDeactivateParams {
  @ApiProperty({ example: 'https://example.com' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsNotEmpty(required('site url'))
  site_url: string;

  @ApiProperty({ example: 'appza' })
  @MaxLength(64, maxLength('product', 64)) @IsString(mustBeString('product')) @IsNotEmpty(required('product'))
  product: string;

  @ApiProperty({ enum: APPZA_ACTIONS, example: 'license_deactivate' })
  @IsIn(APPZA_ACTIONS, { message: 'The selected appza action is invalid.' }) @IsNotEmpty(required('appza action'))
  appza_action: AppzaAction;

  @ApiPropertyOptional({ example: 'FLUENT-LICENSE-KEY-1234', description: 'Required when appza_action is license_deactivate' })
  @ValidateIf((o: BridgeDeactivateParams) => o.appza_action === 'license_deactivate' || (o.license_key !== undefined && o.license_key !== ''))
  @MaxLength(191, maxLength('license key', 191)) @IsString(mustBeString('license key'))
  @IsNotEmpty({ message: 'The license key field is required when appza action is license_deactivate.' })
  license_key?: string;
}

export class BridgeFreeTrialParams {
  @ApiProperty({ example: 'https://example.com' })
  @MaxLength(2048, maxLength('site url', 2048)) @IsString(mustBeString('site url')) @IsNotEmpty(required('site url'))
  site_url: string;

  @ApiPropertyOptional({ example: 'appza', description: "Product slug; defaults to the lead's product" })
  @MaxLength(64, maxLength('product', 64)) @IsString(mustBeString('product')) @IsOptional()
  product?: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @MaxLength(191, maxLength('name', 191)) @IsString(mustBeString('name')) @IsOptional()
  name?: string;

  @ApiProperty({ example: 'ada@example.com' })
  @MaxLength(191, maxLength('email', 191)) @IsEmail({}, { message: 'The email must be a valid email address.' }) @IsNotEmpty(required('email'))
  email: string;
}
