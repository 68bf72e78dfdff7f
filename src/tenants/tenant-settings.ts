import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { LICENSE_KEY_MAX_LENGTH, LICENSE_KEY_MIN_LENGTH } from '../crypto/key-generators';

export const LICENSE_STATUSES = ['pending', 'active', 'blocked', 'expired'] as const;
export const IP_LOGGING_MODES = ['hashed', 'full', 'none'] as const;

/** The per-tenant settings the API uses, with the MERAF defaults. */
export interface TenantSettings {
  licensePrefix: string;
  licenseSuffix: string;
  licenseKeyCharsCount: number;
  defaultAllowedDomains: number;
  defaultAllowedDevices: number;
  defaultTrialDays: number;
  defaultLicenseStatus: (typeof LICENSE_STATUSES)[number];
  expirationReminderHours: number;
  sendExpiryReminders: boolean;
  notifyOnLicenseCreated: boolean;
  adminEmail: string;
  ipLogging: (typeof IP_LOGGING_MODES)[number];
}

export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  licensePrefix: '',
  licenseSuffix: '',
  licenseKeyCharsCount: 40,
  defaultAllowedDomains: 1,
  defaultAllowedDevices: 1,
  defaultTrialDays: 7,
  defaultLicenseStatus: 'active',
  expirationReminderHours: 24,
  sendExpiryReminders: true,
  notifyOnLicenseCreated: false,
  adminEmail: '',
  ipLogging: 'hashed',
});

/** Optional, but when sent it must be valid: unlike @IsOptional(), `null` is not accepted. */
const IfSent = () => ValidateIf((_o: unknown, value: unknown) => value !== undefined);

/** POST /api/user/settings body: every field optional; unknown fields and nulls are rejected. */
export class UpdateTenantSettingsDto {
  @ApiPropertyOptional({ example: 'ACME-', description: 'Prefix of generated license keys ([A-Z0-9-], up to 16 chars)' })
  @IfSent() @IsString() @MaxLength(16) @Matches(/^[A-Z0-9-]*$/, { message: 'licensePrefix may contain A-Z, 0-9 and -' })
  licensePrefix?: string;

  @ApiPropertyOptional({ example: '', description: 'Suffix of generated license keys ([A-Z0-9-], up to 16 chars)' })
  @IfSent() @IsString() @MaxLength(16) @Matches(/^[A-Z0-9-]*$/, { message: 'licenseSuffix may contain A-Z, 0-9 and -' })
  licenseSuffix?: string;

  @ApiPropertyOptional({ example: 40, minimum: LICENSE_KEY_MIN_LENGTH, maximum: LICENSE_KEY_MAX_LENGTH })
  @IfSent() @IsInt() @Min(LICENSE_KEY_MIN_LENGTH) @Max(LICENSE_KEY_MAX_LENGTH)
  licenseKeyCharsCount?: number;

  @ApiPropertyOptional({ example: 1, minimum: 0, maximum: 10000 })
  @IfSent() @IsInt() @Min(0) @Max(10000)
  defaultAllowedDomains?: number;

  @ApiPropertyOptional({ example: 1, minimum: 0, maximum: 10000 })
  @IfSent() @IsInt() @Min(0) @Max(10000)
  defaultAllowedDevices?: number;

  @ApiPropertyOptional({ example: 7, minimum: 1, maximum: 3650 })
  @IfSent() @IsInt() @Min(1) @Max(3650)
  defaultTrialDays?: number;

  @ApiPropertyOptional({ enum: LICENSE_STATUSES, example: 'active' })
  @IfSent() @IsIn(LICENSE_STATUSES)
  defaultLicenseStatus?: TenantSettings['defaultLicenseStatus'];

  @ApiPropertyOptional({ example: 24, minimum: 1, maximum: 8760, description: 'Hours before expiry to send the reminder' })
  @IfSent() @IsInt() @Min(1) @Max(8760)
  expirationReminderHours?: number;

  @ApiPropertyOptional({ example: true })
  @IfSent() @IsBoolean()
  sendExpiryReminders?: boolean;

  @ApiPropertyOptional({ example: false })
  @IfSent() @IsBoolean()
  notifyOnLicenseCreated?: boolean;

  @ApiPropertyOptional({ example: 'admin@vendor.test' })
  @ValidateIf((o: UpdateTenantSettingsDto) => o.adminEmail !== undefined && o.adminEmail !== '') @IsEmail() @MaxLength(191)
  adminEmail?: string;

  @ApiPropertyOptional({ enum: IP_LOGGING_MODES, example: 'hashed', description: 'How client IPs are kept in logs' })
  @IfSent() @IsIn(IP_LOGGING_MODES)
  ipLogging?: TenantSettings['ipLogging'];
}

/** Stored settings that are not a JSON object of the known fields with values of their types. */
export class CorruptSettingsError extends Error {
  constructor(
    readonly problem: string,
    readonly tenantId?: number,
  ) {
    super(`Stored settings of tenant ${tenantId ?? '?'} are corrupt (${problem}): refusing to use defaults in their place; repair the tenants.settings row`);
  }
}

/**
 * The stored settings over the defaults. Corrupt settings (not JSON, not an object, a known field
 * of the wrong type or an unknown enum value) throw CorruptSettingsError: falling back to the
 * defaults would silently change the tenant's key format and IP-logging mode.
 */
export function parseStoredSettings(raw: string | null, tenantId?: number): TenantSettings {
  if (!raw) return { ...DEFAULT_TENANT_SETTINGS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CorruptSettingsError('not valid JSON', tenantId);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CorruptSettingsError('not a JSON object', tenantId);
  const stored = parsed as Record<string, unknown>;
  for (const [field, fallback] of Object.entries(DEFAULT_TENANT_SETTINGS)) {
    if (Object.hasOwn(stored, field) && typeof stored[field] !== typeof fallback) throw new CorruptSettingsError(`${field} is not a ${typeof fallback}`, tenantId);
  }
  if (Object.hasOwn(stored, 'ipLogging') && !IP_LOGGING_MODES.includes(stored.ipLogging as TenantSettings['ipLogging'])) throw new CorruptSettingsError('ipLogging is not a known mode', tenantId);
  if (Object.hasOwn(stored, 'defaultLicenseStatus') && !LICENSE_STATUSES.includes(stored.defaultLicenseStatus as TenantSettings['defaultLicenseStatus'])) {
    throw new CorruptSettingsError('defaultLicenseStatus is not a known status', tenantId);
  }
  return { ...DEFAULT_TENANT_SETTINGS, ...(stored as Partial<TenantSettings>) };
}
