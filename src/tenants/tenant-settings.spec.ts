import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CorruptSettingsError, DEFAULT_TENANT_SETTINGS, parseStoredSettings, UpdateTenantSettingsDto } from './tenant-settings';

async function errorsOf(body: Record<string, unknown>): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(UpdateTenantSettingsDto, body), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('tenant settings', () => {
  it('has the MERAF defaults', () => {
    expect(DEFAULT_TENANT_SETTINGS).toEqual({
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
  });

  it('accepts every field with a valid value, and an empty admin e-mail', async () => {
    expect(
      await errorsOf({
        licensePrefix: 'ACME-',
        licenseSuffix: '-X',
        licenseKeyCharsCount: 16,
        defaultAllowedDomains: 0,
        defaultAllowedDevices: 3,
        defaultTrialDays: 30,
        defaultLicenseStatus: 'pending',
        expirationReminderHours: 72,
        sendExpiryReminders: false,
        notifyOnLicenseCreated: true,
        adminEmail: '',
        ipLogging: 'none',
      }),
    ).toEqual({});
  });

  it.each([
    ['licenseKeyCharsCount', 15],
    ['licenseKeyCharsCount', 129],
    ['licenseKeyCharsCount', '40'],
    ['licenseKeyCharsCount', 40.5],
    ['licensePrefix', 'acme-'],
    ['licensePrefix', 'A'.repeat(17)],
    ['licenseSuffix', 'X Y'],
    ['defaultAllowedDomains', -1],
    ['defaultTrialDays', 0],
    ['defaultLicenseStatus', 'deleted'],
    ['expirationReminderHours', 0],
    ['sendExpiryReminders', 'yes'],
    ['adminEmail', 'not-an-email'],
    ['ipLogging', 'clear'],
    ['licensePrefix', null],
    ['defaultTrialDays', null],
    ['sendExpiryReminders', null],
    ['adminEmail', null],
  ])('rejects %s = %p, naming the field', async (field, value) => {
    expect(Object.keys(await errorsOf({ [field]: value }))).toEqual([field]);
  });

  it('rejects unknown fields, secret keys included', async () => {
    expect(Object.keys(await errorsOf({ validationSecretKey: 'weak' }))).toEqual(['validationSecretKey']);
  });

  it('fills stored settings up with the defaults and survives a corrupt document', () => {
    expect(parseStoredSettings(null)).toEqual(DEFAULT_TENANT_SETTINGS);
    expect(parseStoredSettings('{"licensePrefix":"AB-"}')).toEqual({ ...DEFAULT_TENANT_SETTINGS, licensePrefix: 'AB-' });
  });

  it.each([
    ['{not json', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['"text"', 'not a JSON object'],
    ['{"licenseKeyCharsCount":"40"}', 'licenseKeyCharsCount is not a number'],
    ['{"ipLogging":"everything"}', 'ipLogging is not a known mode'],
    ['{"defaultLicenseStatus":"gone"}', 'defaultLicenseStatus is not a known status'],
  ])('refuses corrupt stored settings %s (never the defaults in their place)', (raw, problem) => {
    expect(() => parseStoredSettings(raw, 7)).toThrow(new CorruptSettingsError(problem, 7));
  });
});
