import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';
import { parseClientIp, parseIpRange } from '../ip-address';

export const IP_RULE_TYPES = ['allow', 'deny'] as const;

/** An IPv4/IPv6 address or CIDR range (IPv4 in four-part decimal). */
export function IsIpOrCidr(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isIpOrCidr',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseIpRange(value) !== undefined,
        defaultMessage: () => '$property must be an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::/32)',
      },
    },
    options,
  );
}

/** A single IPv4/IPv6 address. */
export function IsIpAddress(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isIpAddress',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length <= 64 && !value.includes('/') && parseIpRange(value) !== undefined && parseClientIp(value) !== undefined,
        defaultMessage: () => '$property must be an IPv4 or IPv6 address',
      },
    },
    options,
  );
}

export class CreateIpRuleDto {
  @ApiProperty({ enum: IP_RULE_TYPES, example: 'deny', description: '`deny` refuses the addresses (HTTP 403 on every endpoint); `allow` exempts them from rate limits and blocks' })
  @IsIn(IP_RULE_TYPES)
  type: (typeof IP_RULE_TYPES)[number];

  @ApiProperty({ example: '203.0.113.0/24', description: 'IPv4 or IPv6 address, or CIDR range' })
  @IsString() @MaxLength(64) @IsIpOrCidr()
  ip: string;

  @ApiPropertyOptional({ example: 'scraper, ticket #42', maxLength: 255 })
  @IsOptional() @IsString() @MaxLength(255)
  note?: string;

  @ApiPropertyOptional({ example: '2030-01-01T00:00:00Z', description: 'ISO 8601, UTC when no offset is given; must be in the future. Absent: until removed.' })
  @IsOptional() @IsString() @IsISO8601({ strict: true })
  expires_at?: string;
}

export class ListIpRulesQueryDto {
  @ApiPropertyOptional({ enum: IP_RULE_TYPES, description: 'Only rules of this type' })
  @IsOptional() @IsIn(IP_RULE_TYPES)
  type?: (typeof IP_RULE_TYPES)[number];

  @ApiPropertyOptional({ example: '203.0.113.7', description: 'Only the rules and blocks that apply to this address' })
  @IsOptional() @IsString() @IsIpAddress()
  ip?: string;
}

export class UnblockIpDto {
  @ApiProperty({ example: '203.0.113.7', description: 'The client address whose automatic block is lifted' })
  @IsString() @IsIpAddress()
  ip: string;
}
