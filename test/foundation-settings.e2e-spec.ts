import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';

/** These suites make many (deliberately failing) requests from one IP: no rate limits, no IP blocking. */
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

/** Booting the app runs every migration on a fresh database (slower on MariaDB). */
const BOOT_TIMEOUT = 60_000;

const DEFAULTS = {
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
};
const UNAUTHORIZED = { result: 'error', message: 'Authentication required. Please provide User-API-Key header.', code: 'AUTHENTICATION_REQUIRED' };
const FORBIDDEN = { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 };
const NO_SUCH_LICENSE = 'NOSUCHLICENSE000000000000000000000000000X'.slice(0, 40);

describe('foundation: tenant settings and secret rotation', () => {
  let t: TestApp;

  const getSettings = (tenant: TestTenant) => t.request('/api/user/settings', { headers: { 'User-API-Key': tenant.apiKey } });
  const postSettings = (tenant: TestTenant, json: unknown) =>
    t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json });
  const rotate = (apiKey: string, json?: unknown) =>
    t.request('/api/user/secrets/rotate', { method: 'POST', headers: { 'User-API-Key': apiKey }, ...(json === undefined ? {} : { json }) });
  const validate = (secret: string) => t.request(`/api/license/validate/${secret}/${NO_SUCH_LICENSE}`, { method: 'POST' });

  beforeAll(async () => {
    t = await startTestApp({ env: NO_THROTTLING });
  }, BOOT_TIMEOUT);
  afterAll(async () => t.close(), BOOT_TIMEOUT);

  describe('settings', () => {
    let acme: TestTenant;
    beforeAll(async () => {
      acme = await createTenant(t);
    });

    it('reads the MERAF defaults for a new tenant', async () => {
      const res = await getSettings(acme);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'success', settings: DEFAULTS });
    });

    it('updates only the fields sent, and keeps them', async () => {
      const res = await postSettings(acme, { licensePrefix: 'ACME-', licenseKeyCharsCount: 32, sendExpiryReminders: false, adminEmail: 'admin@acme.test' });
      expect(res.status).toBe(200);
      const expected = { ...DEFAULTS, licensePrefix: 'ACME-', licenseKeyCharsCount: 32, sendExpiryReminders: false, adminEmail: 'admin@acme.test' };
      expect(res.body).toEqual({ result: 'success', message: 'Settings saved.', settings: expected });
      expect((await getSettings(acme)).body.settings).toEqual(expected);
      const again = await postSettings(acme, { defaultTrialDays: 14 });
      expect(again.body.settings).toEqual({ ...expected, defaultTrialDays: 14 });
    });

    it("does not touch another tenant's settings", async () => {
      const other = await createTenant(t);
      await postSettings(acme, { licenseSuffix: '-PRO' });
      expect((await getSettings(other)).body.settings).toEqual(DEFAULTS);
    });

    it('accepts an empty update and an empty admin e-mail', async () => {
      const before = (await getSettings(acme)).body.settings;
      expect((await postSettings(acme, {})).body.settings).toEqual(before);
      expect((await postSettings(acme, { adminEmail: '' })).body.settings.adminEmail).toBe('');
    });

    it('rejects unknown keys with 400 naming each field, and changes nothing', async () => {
      const before = (await getSettings(acme)).body.settings;
      const res = await postSettings(acme, { licensePrefix: 'NEW-', colour: 'blue', validationSecretKey: 'weak' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', message: 'Invalid request parameters.', error_code: 400 });
      expect(Object.keys(res.body.errors).sort()).toEqual(['colour', 'validationSecretKey']);
      expect(res.body.errors.colour[0]).toContain('colour');
      expect((await getSettings(acme)).body.settings).toEqual(before);
    });

    it.each([
      ['licenseKeyCharsCount', 15],
      ['licenseKeyCharsCount', 129],
      ['licenseKeyCharsCount', '40'],
      ['licenseKeyCharsCount', 40.5],
      ['licensePrefix', 'acme'],
      ['licensePrefix', 'A'.repeat(17)],
      ['licenseSuffix', 12],
      ['defaultAllowedDomains', -1],
      ['defaultAllowedDevices', 'many'],
      ['defaultTrialDays', 0],
      ['defaultLicenseStatus', 'deleted'],
      ['expirationReminderHours', null],
      ['licensePrefix', null],
      ['sendExpiryReminders', 'yes'],
      ['notifyOnLicenseCreated', 1],
      ['adminEmail', 'not-an-email'],
      ['ipLogging', 'clear'],
    ])('rejects %s = %p with 400 naming the field', async (field, value) => {
      const res = await postSettings(acme, { [field]: value });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });

    it('rejects a prefix and suffix that leave fewer than 8 random characters of the key length', async () => {
      await postSettings(acme, { licensePrefix: '', licenseSuffix: '', licenseKeyCharsCount: 40 });
      const tooLong = await postSettings(acme, { licensePrefix: 'ABCDEFGH-', licenseSuffix: '', licenseKeyCharsCount: 16 });
      expect(tooLong.status).toBe(400);
      expect(Object.keys(tooLong.body.errors)).toEqual(['licenseKeyCharsCount']);
      // the rule also holds against the stored values when only one field changes
      expect((await postSettings(acme, { licensePrefix: 'ABCDEFGH', licenseSuffix: '-XYZ' })).status).toBe(200);
      const shrink = await postSettings(acme, { licenseKeyCharsCount: 16 });
      expect(shrink.status).toBe(400);
      expect((await getSettings(acme)).body.settings).toMatchObject({ licensePrefix: 'ABCDEFGH', licenseSuffix: '-XYZ', licenseKeyCharsCount: 40 });
      // exactly 8 random characters is allowed
      expect((await postSettings(acme, { licenseSuffix: '', licenseKeyCharsCount: 16 })).status).toBe(200);
    });

    it('rejects a body that is not a JSON object', async () => {
      for (const body of ['[1,2]', '"text"', '5', '{bad']) {
        const res = await t.request('/api/user/settings', {
          method: 'POST',
          headers: { 'User-API-Key': acme.apiKey, 'content-type': 'application/json' },
          body,
        });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ result: 'error', error_code: 400 });
      }
    });
  });

  describe('rotation via POST /api/user/secrets/rotate', () => {
    it('rotates every credential by default: old values stop working at once, new ones work', async () => {
      const tenant = await createTenant(t);
      // warm the credential cache with the old values
      expect((await getSettings(tenant)).status).toBe(200);
      expect((await validate(tenant.secretKeys.validation)).status).toBe(200);

      const res = await rotate(tenant.apiKey);
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('success');
      expect(res.body.apiKey).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/);
      expect(res.body.apiKey).not.toBe(tenant.apiKey);
      expect(Object.keys(res.body.secretKeys).sort()).toEqual(['activation', 'creation', 'general', 'management', 'validation']);
      for (const [scope, value] of Object.entries<string>(res.body.secretKeys)) {
        expect(value).toMatch(/^[A-Za-z0-9]{43}$/);
        expect(value).not.toBe(tenant.secretKeys[scope as keyof TestTenant['secretKeys']]);
      }

      const old = await getSettings(tenant);
      expect(old.status).toBe(401);
      expect(old.body).toEqual(UNAUTHORIZED);
      const oldSecret = await validate(tenant.secretKeys.validation);
      expect(oldSecret.status).toBe(403);
      expect(oldSecret.body).toEqual(FORBIDDEN);

      expect((await t.request('/api/user/settings', { headers: { 'User-API-Key': res.body.apiKey } })).status).toBe(200);
      expect((await validate(res.body.secretKeys.validation)).status).toBe(200);
    });

    it('rotates one secret: only that value changes', async () => {
      const tenant = await createTenant(t);
      const res = await rotate(tenant.apiKey, { scope: 'validation' });
      expect(res.status).toBe(200);
      expect(res.body.apiKey).toBeUndefined();
      expect(Object.keys(res.body.secretKeys)).toEqual(['validation']);
      expect((await validate(tenant.secretKeys.validation)).status).toBe(403);
      expect((await validate(res.body.secretKeys.validation)).status).toBe(200);
      expect((await getSettings(tenant)).status).toBe(200);
    });

    it('rotates the User-API-Key alone with scope "api"', async () => {
      const tenant = await createTenant(t);
      const res = await rotate(tenant.apiKey, { scope: 'api' });
      expect(res.status).toBe(200);
      expect(res.body.secretKeys).toEqual({});
      expect((await getSettings(tenant)).status).toBe(401);
      expect((await t.request('/api/user/settings', { headers: { 'User-API-Key': res.body.apiKey } })).status).toBe(200);
      expect((await validate(tenant.secretKeys.validation)).status).toBe(200);
    });

    it("leaves other tenants' credentials alone", async () => {
      const a = await createTenant(t);
      const b = await createTenant(t);
      await rotate(a.apiKey, { scope: 'all' });
      expect((await getSettings(b)).status).toBe(200);
      expect((await validate(b.secretKeys.validation)).status).toBe(200);
    });

    it('rejects an unknown scope or field with 400 naming it, and rotates nothing', async () => {
      const tenant = await createTenant(t);
      const bad = await rotate(tenant.apiKey, { scope: 'everything' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors)).toEqual(['scope']);
      const extra = await rotate(tenant.apiKey, { scope: 'all', validation: 'my-own-weak-secret' });
      expect(extra.status).toBe(400);
      expect(Object.keys(extra.body.errors)).toEqual(['validation']);
      expect((await getSettings(tenant)).status).toBe(200);
    });

    it('needs the User-API-Key', async () => {
      const res = await t.request('/api/user/secrets/rotate', { method: 'POST', json: { scope: 'all' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    });
  });
});
