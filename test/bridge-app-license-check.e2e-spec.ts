import { DataSource } from 'typeorm';
import { FluentActivation } from '../src/fluent-bridge/entities/fluent-activation.entity';
import { FluentFreeTrial } from '../src/fluent-bridge/entities/fluent-free-trial.entity';
import { FluentLicenseInfo } from '../src/fluent-bridge/entities/fluent-license-info.entity';
import { FluentPopupMessage } from '../src/fluent-bridge/entities/fluent-popup-message.entity';
import { startTestApp, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, BridgeSetup, bridgeSetup, daysFromNow, FluentStandIn, putProduct } from './helpers/fluent-stand-in';

const DAY = 86_400_000;

/** POST /api/v1/license/app-license-check: free trial and premium paths, popup messages. */
describe('License API v1: app-license-check', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let ds: DataSource;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    ds = t.app.get(DataSource);
  });
  afterEach(() => store.reset());
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  const appCheck = (s: BridgeSetup, product = s.slug, site = s.site) => bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: site, product });
  const setTrialDates = (s: BridgeSetup, expiresAt: Date, graceEndsAt: Date) =>
    ds.getRepository(FluentFreeTrial).update({ tenantId: s.tenant.id, siteUrl: s.site }, { expiresAt, graceEndsAt });
  async function premium(s: BridgeSetup, overrides: Parameters<FluentStandIn['addLicense']>[0] = { itemId: 1771 }) {
    const license = store.addLicense(overrides);
    const res = await bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: license.key });
    expect(res.status).toBe(200);
    return license;
  }
  const addPopup = (s: BridgeSetup, type: string, message: string, slug = s.slug, isActive = true) =>
    t.request(`/api/user/fluent/products/${slug}/popup-messages`, { method: 'POST', headers: s.vendor, json: { type, message, is_active: isActive } });

  describe('free trial', () => {
    it('answers 404 "Plugin not installed or no license found." when the site has no trial', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const res = await appCheck(s);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, message: 'Plugin not installed or no license found.', license_type: 'invalid', data: [], popup_message: [] });
    });

    it('answers 200 "Your free trial license is valid." during the trial', async () => {
      const s = await bridgeSetup(t, store);
      const res = await appCheck(s);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your free trial license is valid.');
      expect(res.body.license_type).toBe('free_trial');
      expect(res.body.data).toMatchObject({ status: 'active', site_url: s.site, email: 'owner@example.com', name: 'Owner', license_key: null });
      expect(res.body.popup_message).toEqual([]);
    });

    it('stays valid during the grace period after the trial expired', async () => {
      const s = await bridgeSetup(t, store);
      await setTrialDates(s, new Date(Date.now() - 2 * DAY), new Date(Date.now() + 3 * DAY));
      const res = await appCheck(s);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your free trial license is valid.');
      expect(res.body.data.status).toBe('active');
    });

    it('stays valid on the grace date itself (dates compare by UTC day)', async () => {
      const s = await bridgeSetup(t, store);
      const startOfToday = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
      await setTrialDates(s, new Date(startOfToday.getTime() - 7 * DAY), startOfToday);
      expect((await appCheck(s)).body.message).toBe('Your free trial license is valid.');
    });

    it('answers "Your free trial has expired. Please purchase a paid license." with data.status expired after the grace date', async () => {
      const s = await bridgeSetup(t, store);
      await setTrialDates(s, new Date(Date.now() - 8 * DAY), new Date(Date.now() - DAY));
      const res = await appCheck(s);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your free trial has expired. Please purchase a paid license.');
      expect(res.body.license_type).toBe('free_trial');
      expect(res.body.data.status).toBe('expired');
      expect((await ds.getRepository(FluentFreeTrial).findOneByOrFail({ siteUrl: s.site })).status).toBe('active');
    });

    it('accepts a site_url without a scheme and with a path', async () => {
      const s = await bridgeSetup(t, store);
      const res = await appCheck(s, s.slug, `${s.site.replace('https://', '')}/wp-admin/admin.php`);
      expect(res.status).toBe(200);
    });

    it("lets a lead check another product of its vendor (the mobile app checks the site's plugin)", async () => {
      const s = await bridgeSetup(t, store, { slug: 'appza' });
      await putProduct(t, s, 'fcom_mobile', {});
      const mobile = await t.request('/api/user/fluent/leads', { method: 'POST', headers: s.vendor, json: { product: 'fcom_mobile', domain: new URL(s.site).hostname, email: 'm@example.com' } });
      const res = await t.request('/api/v1/license/app-license-check', { method: 'POST', headers: { 'fcom-mobile-hash': mobile.body.token }, json: { site_url: s.site, product: 'appza' } });
      expect(res.status).toBe(200);
      expect(res.body.license_type).toBe('free_trial');
    });

    it('answers 422 for a product the vendor does not have', async () => {
      const s = await bridgeSetup(t, store);
      const res = await appCheck(s, 'unknown_product');
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ product: ['The selected product is invalid.'] });
    });
  });

  describe('premium', () => {
    it('answers 200 "Your premium license key is valid." with license_type premium', async () => {
      const s = await bridgeSetup(t, store);
      const license = await premium(s);
      const res = await appCheck(s);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your premium license key is valid.');
      expect(res.body.license_type).toBe('premium');
      expect(res.body.data).toMatchObject({ status: 'valid', license_key: license.key });
      expect(store.calls('check_license')[0].params).toMatchObject({ license_key: license.key, item_id: '1771', site_url: s.site });
    });

    it('answers "Your Premium License is expire , please renew again." when the store says expired', async () => {
      const s = await bridgeSetup(t, store);
      const license = await premium(s);
      license.expiration = daysFromNow(-20);
      const res = await appCheck(s);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your Premium License is expire , please renew again.');
      expect(res.body.license_type).toBe('premium');
      expect(res.body.data.status).toBe('expired');
    });

    it('does not report an invalid premium license as valid', async () => {
      const s = await bridgeSetup(t, store);
      const license = await premium(s);
      license.state = 'disabled';
      const res = await appCheck(s);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ status: 403, message: 'License is invalid.', license_type: 'invalid', data: [], popup_message: [], error_type: 'invalid' });

      license.state = 'active';
      license.activations.clear();
      const gone = await appCheck(s);
      expect(gone.status).toBe(403);
      expect(gone.body).toMatchObject({ message: 'License activation could not be found', license_type: 'invalid', error_type: 'invalid_activation' });

      store.replyOnce('check_license', 200, { status: 'invalid', error_type: 'key_mismatch', message: 'x', success: true });
      const mismatch = await appCheck(s);
      expect(mismatch.status).toBe(403);
      expect(mismatch.body.message).toBe("This license key doesn't match the product. Please check your key.");
    });

    it('answers 403 "Premium license not configured for this domain..." without a current activation', async () => {
      const s = await bridgeSetup(t, store);
      await premium(s);
      await ds.getRepository(FluentActivation).update({ tenantId: s.tenant.id, siteUrl: s.site }, { isCurrent: false });
      const res = await appCheck(s);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        status: 403,
        message: 'Premium license not configured for this domain. Please activate the paid license in your plugin settings.',
        license_type: 'invalid',
        data: [],
        popup_message: [],
      });
    });

    it('answers 403 "License data not found. Please activate your license first." without a stored hash', async () => {
      const s = await bridgeSetup(t, store);
      await premium(s);
      await ds.getRepository(FluentLicenseInfo).update({ tenantId: s.tenant.id }, { activationHash: null });
      const res = await appCheck(s);
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('License data not found. Please activate your license first.');
      expect(store.calls('check_license')).toHaveLength(0);
    });

    it('answers 422 "Invalid Fluent plugin configuration." when the product was switched off', async () => {
      const s = await bridgeSetup(t, store);
      await premium(s);
      await putProduct(t, s, s.slug, { is_active: false });
      const res = await appCheck(s);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ message: 'Invalid Fluent plugin configuration.', license_type: 'invalid', data: [] });
    });

    it('refreshes the stored license facts from the check', async () => {
      const s = await bridgeSetup(t, store);
      const license = await premium(s);
      license.limit = 50;
      await appCheck(s);
      const info = await ds.getRepository(FluentLicenseInfo).findOneByOrFail({ tenantId: s.tenant.id });
      expect(info.activationLimit).toBe(50);
    });
  });

  describe('popup messages', () => {
    it("answers with the product's active popup messages as [{type, message}]", async () => {
      const s = await bridgeSetup(t, store);
      expect((await addPopup(s, 'info', 'Version 2 is out!')).status).toBe(201);
      await addPopup(s, 'warning', 'Hidden', s.slug, false);
      await putProduct(t, s, 'lazy_task', {});
      await addPopup(s, 'promo', 'Other product', 'lazy_task');
      const res = await appCheck(s);
      expect(res.body.popup_message).toEqual([{ type: 'info', message: 'Version 2 is out!' }]);
    });

    it('includes them in the not-found and not-valid answers too', async () => {
      const s = await bridgeSetup(t, store);
      await addPopup(s, 'info', 'Hello');
      const none = await appCheck(s, s.slug, 'https://no-trial.example.com');
      expect(none.status).toBe(404);
      expect(none.body.popup_message).toEqual([{ type: 'info', message: 'Hello' }]);
    });

    it('caches them: a row written behind the service is not seen within the hour', async () => {
      const s = await bridgeSetup(t, store);
      await addPopup(s, 'info', 'First');
      expect((await appCheck(s)).body.popup_message).toEqual([{ type: 'info', message: 'First' }]);
      const product = (await t.request(`/api/user/fluent/products/${s.slug}`, { headers: s.vendor })).body.data;
      await ds.getRepository(FluentPopupMessage).insert({ tenantId: s.tenant.id, productId: product.id, type: 'info', message: 'Sneaked in', isActive: true });
      expect((await appCheck(s)).body.popup_message).toEqual([{ type: 'info', message: 'First' }]);
    });

    it('refreshes them at once when the vendor adds, changes or deletes one', async () => {
      const s = await bridgeSetup(t, store);
      const first = (await addPopup(s, 'info', 'First')).body.data;
      expect((await appCheck(s)).body.popup_message).toEqual([{ type: 'info', message: 'First' }]);

      await addPopup(s, 'warning', 'Second');
      expect((await appCheck(s)).body.popup_message).toEqual([
        { type: 'info', message: 'First' },
        { type: 'warning', message: 'Second' },
      ]);

      const patched = await t.request(`/api/user/fluent/products/${s.slug}/popup-messages/${first.id}`, {
        method: 'PATCH',
        headers: s.vendor,
        json: { message: 'First, edited' },
      });
      expect(patched.status).toBe(200);
      expect((await appCheck(s)).body.popup_message[0]).toEqual({ type: 'info', message: 'First, edited' });

      await t.request(`/api/user/fluent/products/${s.slug}/popup-messages/${first.id}`, { method: 'PATCH', headers: s.vendor, json: { is_active: false } });
      expect((await appCheck(s)).body.popup_message).toEqual([{ type: 'warning', message: 'Second' }]);

      const all = (await t.request(`/api/user/fluent/products/${s.slug}/popup-messages`, { headers: s.vendor })).body.data;
      for (const m of all) {
        expect((await t.request(`/api/user/fluent/products/${s.slug}/popup-messages/${m.id}`, { method: 'DELETE', headers: s.vendor })).status).toBe(200);
      }
      expect((await appCheck(s)).body.popup_message).toEqual([]);
    });
  });
});
