import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ActivationsService } from '../src/activations/activations.service';
import { LicenseActivation } from '../src/activations/entities/license-activation.entity';
import { LicenseEventPayload, LicenseEvents, SecurityEvents } from '../src/common/events';
import { isLicenseUsable } from '../src/licenses/license-rules';
import { LicensesService } from '../src/licenses/licenses.service';
import { LogsService } from '../src/logs/logs.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, isoIn, LICENSE_TEST_ENV, meraf, recordEvents } from './licenses-support';
import type { RecordedEvent } from './licenses-support';

/** Register, unregister and the routine GET /validate (DECISIONS A3/A4). */
describe('activations API', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof meraf>;
  let events: RecordedEvent[];

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    tenant = await createTenant(t);
    api = meraf(t, tenant);
    events = recordEvents(t);
  });
  afterAll(async () => t.close());

  const stored = (key: string) =>
    t.app
      .get(DataSource)
      .getRepository(LicenseActivation)
      .find({ where: { licenseKey: key }, order: { id: 'ASC' } })
      .then((rows) => rows.map((r) => `${r.type}:${r.name}`));

  describe('register', () => {
    it('answers {result: success, message, error_code: 300} and stores the normalized domain', async () => {
      const key = await createLicense(t, tenant);
      const res = await api.register('domain', 'https://WWW.Example.COM:8443/wp-admin/?x=1', key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'success', message: expect.any(String), error_code: 300 });
      expect(await stored(key)).toEqual(['domain:example.com']);
    });

    it.each([['example.com'], ['www.example.com'], ['http://example.com/'], ['EXAMPLE.COM.'], ['example.com:80']])(
      'treats %j as the already registered example.com (302, result error)',
      async (spelling) => {
        const key = await createLicense(t, tenant);
        await api.register('domain', 'example.com', key);
        const res = await api.register('domain', spelling, key);
        expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 302 });
        expect(await stored(key)).toEqual(['domain:example.com']);
      },
    );

    it('converts IDN domains to punycode', async () => {
      const key = await createLicense(t, tenant);
      expect((await api.register('domain', 'Bücher.example', key)).body.error_code).toBe(300);
      expect((await api.register('domain', 'xn--bcher-kva.example', key)).body.error_code).toBe(302);
      expect(await stored(key)).toEqual(['domain:xn--bcher-kva.example']);
    });

    it('trims device ids and compares them case-sensitively', async () => {
      const key = await createLicense(t, tenant);
      expect((await api.register('device', '  Ann-iPhone  ', key)).body.error_code).toBe(300);
      expect((await api.register('device', 'Ann-iPhone', key)).body.error_code).toBe(302);
      expect((await api.register('device', 'ann-iphone', key)).body.error_code).toBe(300);
      expect(await stored(key)).toEqual(['device:Ann-iPhone', 'device:ann-iphone']);
    });

    it('rejects a 4th domain on a 3-domain license with 301', async () => {
      const key = await createLicense(t, tenant, { max_allowed_domains: 3 });
      for (const d of ['a.example.com', 'b.example.com', 'c.example.com']) expect((await api.register('domain', d, key)).body.error_code).toBe(300);
      expect((await api.register('domain', 'd.example.com', key)).body).toEqual({ result: 'error', message: expect.any(String), error_code: 301 });
      // an already registered name on a full license is still 302, not 301
      expect((await api.register('domain', 'a.example.com', key)).body.error_code).toBe(302);
    });

    it('keeps existing registrations when the limit is lowered below them, and refuses new ones', async () => {
      const key = await createLicense(t, tenant, { max_allowed_domains: 3 });
      for (const d of ['z.example.com', 'a.example.com', 'm.example.com']) await api.register('domain', d, key);
      expect((await api.edit({ license_key: key, max_allowed_domains: 1 })).body.code).toBe(240);
      const validate = await api.validate(key);
      // listed in registration order
      expect(validate.body.registered_domains.map((d: { domain_name: string }) => d.domain_name)).toEqual(['z.example.com', 'a.example.com', 'm.example.com']);
      expect((await api.register('domain', 'new.example.com', key)).body.error_code).toBe(301);
    });

    it('refuses a type whose limit is 0 (301) while the other type still registers', async () => {
      const key = await createLicense(t, tenant, { max_allowed_domains: 0, max_allowed_devices: 1 });
      expect((await api.register('domain', 'example.com', key)).body).toMatchObject({ result: 'error', error_code: 301 });
      expect((await api.register('device', 'dev-1', key)).body.error_code).toBe(300);
    });

    it('answers 101 for an unknown license key', async () => {
      expect((await api.register('domain', 'example.com', 'NOSUCHKEY-REGISTER')).body).toEqual({ result: 'error', message: expect.any(String), error_code: 101 });
    });

    it.each([['blocked'], ['pending'], ['expired']])('answers 101 for a %s license and registers nothing', async (status) => {
      const key = await createLicense(t, tenant, { license_status: status });
      expect((await api.register('domain', 'example.com', key)).body.error_code).toBe(101);
      expect(await stored(key)).toEqual([]);
    });

    it('answers 101 for a trial past its date_expiry', async () => {
      const key = await createLicense(t, tenant, { license_type: 'trial', date_expiry: isoIn(-1) });
      expect((await api.register('device', 'dev-1', key)).body.error_code).toBe(101);
    });

    it('answers HTTP 400 naming the field for an unknown type or an invalid name', async () => {
      const key = await createLicense(t, tenant);
      const type = await api.register('server', 'example.com', key);
      expect(type.status).toBe(400);
      expect(type.body).toMatchObject({ result: 'error', error_code: 400, errors: { type: [expect.any(String)] } });
      const name = await api.register('domain', 'not a domain', key);
      expect(name.status).toBe(400);
      expect(name.body.errors).toHaveProperty('name');
      expect(await stored(key)).toEqual([]);
    });

    it('publishes a sign of guessing for an unknown license, none for 302 or an input error', async () => {
      const key = await createLicense(t, tenant);
      const signs = () => events.filter((e) => e.name === SecurityEvents.GuessingSign).map((e) => e.payload);
      const before = signs().length;
      await api.register('domain', 'once.example.com', key);
      await api.register('domain', 'once.example.com', key);
      await api.register('domain', 'bad name', key);
      expect(signs()).toHaveLength(before);
      await api.register('domain', 'x.example.com', 'NOSUCHKEY-FAILED');
      expect(signs().slice(before)).toEqual([{ ip: '127.0.0.1', sign: 'unknown_license_key' }]);
    });

    it('publishes domain/device registered events, and no sign of guessing for a refusal at the limit', async () => {
      const signs = () => events.filter((e) => e.name === SecurityEvents.GuessingSign).length;
      const before = signs();
      const key = await createLicense(t, tenant, { max_allowed_domains: 1 });
      await api.register('domain', 'events.example.com', key);
      await api.register('domain', 'second.example.com', key);
      const registered = events.filter((e) => e.name === LicenseEvents.DomainRegistered && (e.payload as LicenseEventPayload).data.license_key === key);
      expect(registered.map((e) => (e.payload as LicenseEventPayload).data)).toEqual([
        expect.objectContaining({ license_key: key, email: 'john@example.com', product_ref: 'my-product', type: 'domain', name: 'events.example.com' }),
      ]);
      expect(signs()).toBe(before);
    });
  });

  describe('unregister', () => {
    it('removes the name (error_code 400), answers 401 when it is not registered and 101 for an unknown license', async () => {
      const key = await createLicense(t, tenant);
      await api.register('domain', 'example.com', key);
      await api.register('device', 'dev-1', key);
      const res = await api.unregister('domain', 'https://www.example.com/', key);
      expect(res.body).toEqual({ result: 'success', message: expect.any(String), error_code: 400 });
      expect(await stored(key)).toEqual(['device:dev-1']);
      expect((await api.unregister('domain', 'example.com', key)).body).toEqual({ result: 'error', message: expect.any(String), error_code: 401 });
      expect((await api.unregister('device', 'dev-1', 'NOSUCHKEY-UNREGISTER')).body.error_code).toBe(101);
    });

    it('removes only the row of that license', async () => {
      const one = await createLicense(t, tenant);
      const two = await createLicense(t, tenant);
      await api.register('domain', 'shared.example.com', one);
      await api.register('domain', 'shared.example.com', two);
      expect((await api.unregister('domain', 'shared.example.com', one)).body.error_code).toBe(400);
      expect(await stored(one)).toEqual([]);
      expect(await stored(two)).toEqual(['domain:shared.example.com']);
    });

    it('frees the slot for another registration and publishes the unregistered event', async () => {
      const key = await createLicense(t, tenant, { max_allowed_devices: 1 });
      await api.register('device', 'old-device', key);
      expect((await api.register('device', 'new-device', key)).body.error_code).toBe(301);
      await api.unregister('device', 'old-device', key);
      expect((await api.register('device', 'new-device', key)).body.error_code).toBe(300);
      expect(events.some((e) => e.name === LicenseEvents.DeviceUnregistered && (e.payload as LicenseEventPayload).data.name === 'old-device')).toBe(true);
    });

    it('answers HTTP 400 for an unknown type', async () => {
      const key = await createLicense(t, tenant);
      expect((await api.unregister('domains', 'example.com', key)).status).toBe(400);
    });
  });

  describe('GET /validate (routine check)', () => {
    let key: string;
    beforeAll(async () => {
      key = await createLicense(t, tenant, { product_ref: 'routine-product', item_reference: 'routine-item' });
      await api.register('domain', 'routine.example.com', key);
      await api.register('device', 'Routine-Device', key);
    });

    it('answers the JSON string "1" for a registered domain of a usable license of that product', async () => {
      const res = await api.routine({ t: 'routine-product', s: key, d: 'routine.example.com' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.text).toBe('"1"');
      expect(res.body).toBe('1');
    });

    it('normalizes d and accepts item_reference as t, and a registered device', async () => {
      expect((await api.routine({ t: 'routine-item', s: key, d: 'https://www.Routine.example.com/page' })).body).toBe('1');
      expect((await api.routine({ t: 'routine-product', s: key, d: ' Routine-Device ' })).body).toBe('1');
    });

    it.each([
      ['another product', { t: 'other-product', d: 'routine.example.com' }],
      ['an unregistered domain', { t: 'routine-product', d: 'other.example.com' }],
      ['a device id in the wrong case', { t: 'routine-product', d: 'routine-device' }],
    ])('answers "0" for %s', async (_label, params) => {
      const res = await api.routine({ ...params, s: key });
      expect(res.status).toBe(200);
      expect(res.text).toBe('"0"');
    });

    it('answers "0" for missing parameters and unknown keys', async () => {
      expect((await api.routine({})).text).toBe('"0"');
      expect((await api.routine({ t: 'routine-product', s: key })).text).toBe('"0"');
      expect((await api.routine({ t: 'routine-product', d: 'routine.example.com' })).text).toBe('"0"');
      expect((await api.routine({ t: 'routine-product', s: 'NOSUCHKEY-ROUTINE', d: 'routine.example.com' })).text).toBe('"0"');
      expect((await t.request(`/validate?t=a&t=b&s=${key}&d=routine.example.com`)).text).toBe('"0"');
    });

    it.each([['blocked'], ['pending'], ['expired']])('answers "0" for a %s license with a registered domain', async (status) => {
      const k = await createLicense(t, tenant, { product_ref: 'routine-product' });
      await api.register('domain', 'status.example.com', k);
      await api.edit({ license_key: k, license_status: status });
      expect((await api.routine({ t: 'routine-product', s: k, d: 'status.example.com' })).text).toBe('"0"');
    });

    it('answers "0" once a trial is past its date_expiry, while a lifetime license ignores date_expiry', async () => {
      const trial = await createLicense(t, tenant, { product_ref: 'routine-product', license_type: 'trial', date_expiry: isoIn(1) });
      await api.register('domain', 'trial.example.com', trial);
      expect((await api.routine({ t: 'routine-product', s: trial, d: 'trial.example.com' })).text).toBe('"1"');
      await api.edit({ license_key: trial, date_expiry: isoIn(-1) });
      expect((await api.routine({ t: 'routine-product', s: trial, d: 'trial.example.com' })).text).toBe('"0"');

      const lifetime = await createLicense(t, tenant, { product_ref: 'routine-product', date_expiry: isoIn(-30) });
      await api.register('domain', 'lifetime.example.com', lifetime);
      expect((await api.routine({ t: 'routine-product', s: lifetime, d: 'lifetime.example.com' })).text).toBe('"1"');
    });

    it('logs every call as a success or error validation of source routine', async () => {
      const logs = t.app.get(LogsService);
      const validation = jest.spyOn(logs, 'validation');
      try {
        await t.request(`/validate?t=routine-product&s=${key}&d=routine.example.com`, { headers: { 'User-Agent': 'WordPress/6.5' } });
        await api.routine({ t: 'routine-product', s: key, d: 'nope.example.com' });
        await api.routine({ t: 'x', s: 'NOSUCHKEY-ROUTINE2', d: 'y' });
        await api.routine({});
        expect(validation.mock.calls.map((c) => c[0])).toEqual([
          expect.objectContaining({ tenantId: tenant.id, licenseKey: key, outcome: 'success', source: 'routine', productRef: 'routine-product', target: 'routine.example.com', ip: '127.0.0.1', userAgent: 'WordPress/6.5' }),
          expect.objectContaining({ tenantId: tenant.id, licenseKey: key, outcome: 'error', source: 'routine', target: 'nope.example.com' }),
          expect.objectContaining({ tenantId: null, licenseKey: 'NOSUCHKEY-ROUTINE2', outcome: 'error', source: 'routine' }),
          expect.objectContaining({ tenantId: null, licenseKey: '', outcome: 'error', source: 'routine' }),
        ]);
      } finally {
        validation.mockRestore();
      }
    });

    it('publishes a sign of guessing for an unknown key in a routine check, none for a real license that fails it', async () => {
      const signs = () => events.filter((e) => e.name === SecurityEvents.GuessingSign).length;
      const before = signs();
      await api.routine({ t: 'routine-product', s: key, d: 'failed.example.com' });
      await api.routine({ t: 'other-product', s: key, d: 'routine.example.com' });
      expect(signs()).toBe(before);
      await api.routine({ t: 'routine-product', s: 'NOSUCHROUTINEKEY00000000000000000000001', d: 'failed.example.com' });
      expect(signs()).toBe(before + 1);
    });
  });

  describe('services for the products module', () => {
    it('isRegistered normalizes the name first; findByKey is tenant-scoped; isLicenseUsable applies the rule', async () => {
      const key = await createLicense(t, tenant);
      await api.register('domain', 'download.example.com', key);
      const licenses = t.app.get(LicensesService);
      const license = await licenses.findByKey(tenant.id, key);
      expect(license?.licenseKey).toBe(key);
      expect(await licenses.findByKey(tenant.id + 1000, key)).toBeNull();
      expect(isLicenseUsable(license!, new Date())).toBe(true);
      const activations = t.app.get(ActivationsService);
      expect(await activations.isRegistered(license!.id, 'domain', 'https://www.DOWNLOAD.example.com/x')).toBe(true);
      expect(await activations.isRegistered(license!.id, 'domain', 'other.example.com')).toBe(false);
      expect(await activations.isRegistered(license!.id, 'device', 'download.example.com')).toBe(false);
    });
  });
});
