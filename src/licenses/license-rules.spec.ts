import { isLicenseUsable, licenseUsability } from './license-rules';

const now = new Date('2026-06-01T12:00:00Z');
const future = new Date('2026-06-01T12:00:01Z');
const past = new Date('2026-06-01T11:59:59Z');

describe('isLicenseUsable (DECISIONS A3)', () => {
  it('accepts an active lifetime license whatever its date_expiry', () => {
    expect(isLicenseUsable({ status: 'active', type: 'lifetime', dateExpiry: past }, now)).toBe(true);
    expect(isLicenseUsable({ status: 'active', type: 'lifetime', dateExpiry: null }, now)).toBe(true);
  });

  it.each(['trial', 'subscription'] as const)('accepts an active %s until the exact expiry time', (type) => {
    expect(isLicenseUsable({ status: 'active', type, dateExpiry: future }, now)).toBe(true);
    expect(isLicenseUsable({ status: 'active', type, dateExpiry: now }, now)).toBe(false);
    expect(licenseUsability({ status: 'active', type, dateExpiry: past }, now)).toEqual({ usable: false, reason: 'date_expired' });
    expect(isLicenseUsable({ status: 'active', type, dateExpiry: null }, now)).toBe(false);
  });

  it.each(['pending', 'blocked', 'expired'] as const)('refuses a %s license even with a future expiry', (status) => {
    expect(licenseUsability({ status, type: 'lifetime', dateExpiry: null }, now)).toEqual({ usable: false, reason: status });
    expect(isLicenseUsable({ status, type: 'subscription', dateExpiry: future }, now)).toBe(false);
  });
});
