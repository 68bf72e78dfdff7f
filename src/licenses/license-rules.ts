import type { LicenseStatus, LicenseType } from './entities/license.entity';

/** What the usability rule reads of a license. */
export interface UsabilityFields {
  status: LicenseStatus;
  type: LicenseType;
  dateExpiry: Date | null;
}

export type UnusableReason = 'pending' | 'blocked' | 'expired' | 'date_expired';
export type Usability = { usable: true } | { usable: false; reason: UnusableReason };

/**
 * DECISIONS A3: a license is usable when its status is `active` and, for `trial` and
 * `subscription`, `date_expiry` is in the future (exact time, UTC). `lifetime` ignores
 * `date_expiry`. A trial or subscription without an expiry date is not usable.
 */
export function licenseUsability(license: UsabilityFields, now: Date = new Date()): Usability {
  if (license.status !== 'active') return { usable: false, reason: license.status === 'expired' ? 'expired' : license.status };
  if (license.type === 'lifetime') return { usable: true };
  if (!license.dateExpiry || license.dateExpiry.getTime() <= now.getTime()) return { usable: false, reason: 'date_expired' };
  return { usable: true };
}

export function isLicenseUsable(license: UsabilityFields, now: Date = new Date()): boolean {
  return licenseUsability(license, now).usable;
}

/** Human-readable message of an unusable license (validate, register). */
export const UNUSABLE_MESSAGES: Record<UnusableReason, string> = {
  pending: 'License is pending activation.',
  blocked: 'License is blocked.',
  expired: 'License has expired.',
  date_expired: 'License has expired.',
};
