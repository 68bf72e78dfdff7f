import { startTestApp, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, BridgeSetup, bridgeSetup, daysFromNow, FluentStandIn, freshSite, putProduct } from './helpers/fluent-stand-in';

/** License API v1: free trials, and premium licenses forwarded to the FluentCart stand-in. */
describe('License API v1: free trials and premium licenses', () => {
  let t: TestApp;
  let store: FluentStandIn;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
  });
  afterEach(() => store.reset());
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  const activations = async (s: BridgeSetup, query = '') =>
    (await t.request(`/api/user/fluent/activations${query}`, { headers: s.vendor })).body.data as Array<Record<string, any>>;
  const trials = async (s: BridgeSetup) => (await t.request('/api/user/fluent/free-trials', { headers: s.vendor })).body.data as Array<Record<string, any>>;
  const activate = (s: BridgeSetup, key: string, site = s.site) => bridge(t, s.token, '/api/v1/license/activate', { site_url: site, license_key: key });

  describe('free-trial', () => {
    it('creates a 7-day trial whose grace period ends 14 days after the start', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const before = Date.now();
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, product: s.slug, name: 'Ada', email: 'ada@example.com' });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your free trial has been started successfully.');
      expect(res.body.license_type).toBe('free_trial');
      expect(res.body.data).toMatchObject({ status: 'active', site_url: s.site, name: 'Ada', email: 'ada@example.com', product: s.slug });
      const expires = Date.parse(`${res.body.data.expiration_date.replace(' ', 'T')}Z`);
      const grace = Date.parse(`${res.body.data.grace_period_date.replace(' ', 'T')}Z`);
      expect(Math.round((expires - before) / 86_400_000)).toBe(7);
      expect(Math.round((grace - before) / 86_400_000)).toBe(14);
    });

    it('answers 400 to a second trial for the same site and product', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: `${s.site.toUpperCase()}/wp-admin`, email: 'x@example.com' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: 400, message: 'A free trial already exists for this site and product.' });
    });

    it("uses the lead's product when none is given, and rejects a product the vendor does not have", async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'x@example.com' });
      expect(res.status).toBe(200);
      expect(res.body.data.product).toBe(s.slug);
      const bad = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: freshSite(), email: 'x@example.com', product: 'nope' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({ product: ['The selected product is invalid.'] });
    });

    it('requires a valid email', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'not-an-email' });
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(['The email must be a valid email address.']);
    });

    it("takes the product's name as an alias of its slug, without regard to case (the product rule of licenses)", async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      await putProduct(t, s, s.slug, { name: 'AppZa Mobile' });
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'x@example.com', product: 'appza mobile' });
      expect(res.status).toBe(200);
      expect(res.body.data.product).toBe(s.slug);
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: ' AppZa Mobile ' });
      expect(app.body).toMatchObject({ status: 200, license_type: 'free_trial' });
      const wrong = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: 'appza-mobile' });
      expect(wrong.status).toBe(422);
    });

    it('gives a trial per product: the same site may try two products', async () => {
      const s = await bridgeSetup(t, store);
      await putProduct(t, s, 'lazy_task', { api_url: store.url, item_id: 1772 });
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'x@example.com', product: 'lazy_task' });
      expect(res.status).toBe(200);
    });

    it('restores the same trial, with its original dates, after plugin_delete', async () => {
      const s = await bridgeSetup(t, store);
      const [original] = await trials(s);
      const del = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' });
      expect(del.status).toBe(200);
      const res = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'again@example.com' });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your free trial has been restored.');
      expect(res.body.data.expiration_date).toBe(original.expiration_date);
      expect(res.body.data.grace_period_date).toBe(original.grace_period_date);
    });
  });

  describe('activate', () => {
    it('activates at the store, stores the activation with its hash and limits, and upgrades the trial', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771, limit: 3 });
      const res = await activate(s, license.key);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your License key has been activated successfully.');
      const hash = license.activations.get(s.site.replace('https://', ''))!.hash;
      expect(res.body.data).toMatchObject({ status: 'valid', activation_hash: hash, license_key: license.key, success: true });

      const [row] = await activations(s);
      expect(row).toMatchObject({ site_url: s.site, license_key: license.key, is_current: true, is_deactivated: false });
      expect(row.license).toMatchObject({ license_status: 'valid', activation_limit: 3, activations_count: 1, product_id: 1771, variation_id: 15 });
      expect((await trials(s))[0].license_type).toBe('premium');
    });

    it('sends the normalized site, the license key and the item id to the store', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key, `${s.site.replace('https://', 'HTTPS://').toUpperCase()}:443/wp-admin/?x=1`);
      const [call] = store.calls('activate_license');
      expect(call.params).toMatchObject({ 'fluent-cart': 'activate_license', license_key: license.key, item_id: '1771', site_url: s.site });
    });

    it('activates on a site without a free trial and creates the site record (the original answered "Local license not found.")', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const license = store.addLicense({ itemId: 1771 });
      const res = await activate(s, license.key);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your License key has been activated successfully.');
      expect(store.calls('activate_license')).toHaveLength(1);
      const [record] = await trials(s);
      expect(record).toMatchObject({ site_url: s.site, license_type: 'premium', status: 'active' });
      expect(await activations(s)).toEqual([expect.objectContaining({ site_url: s.site, license_key: license.key, is_current: true })]);

      store.reset();
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(app.status).toBe(200);
      expect(app.body.license_type).toBe('premium');
      expect(store.calls('check_license')[0].params.license_key).toBe(license.key);
    });

    it('gives a site whose record a premium activation created no free trial after a deactivation', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const license = store.addLicense({ itemId: 1771 });
      expect((await activate(s, license.key)).status).toBe(200);
      const off = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: license.key });
      expect(off.status).toBe(200);
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(app.body).toMatchObject({ license_type: 'free_trial', message: 'Your free trial has expired. Please purchase a paid license.' });
      const trial = await bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'x@example.com' });
      expect(trial.status).toBe(400);
    });

    it('keeps one site record when two activations of a new site race', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const license = store.addLicense({ itemId: 1771, limit: 5 });
      const results = await Promise.all([activate(s, license.key), activate(s, license.key), activate(s, license.key)]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await trials(s)).toHaveLength(1);
      expect(await activations(s)).toHaveLength(1);
    });

    it('reinstalls a deleted plugin when a premium license is activated on its site', async () => {
      const s = await bridgeSetup(t, store);
      expect((await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' })).status).toBe(200);
      expect((await activate(s, store.addLicense({ itemId: 1771 }).key)).status).toBe(200);
      expect((await trials(s))[0]).toMatchObject({ status: 'active', license_type: 'premium' });
    });

    it('answers 422 "Invalid Fluent plugin configuration." for an inactive product, or one without item_id or api_url', async () => {
      for (const fields of [{ is_active: false }, { item_id: null }, { api_url: null }]) {
        const s = await bridgeSetup(t, store);
        await putProduct(t, s, s.slug, fields);
        const res = await activate(s, store.addLicense({ itemId: 1771 }).key);
        expect({ fields, status: res.status, body: res.body }).toEqual({ fields, status: 422, body: { status: 422, message: 'Invalid Fluent plugin configuration.' } });
      }
      expect(store.calls('activate_license')).toHaveLength(0);
    });

    it('maps the store error types to their messages, with error_type', async () => {
      const s = await bridgeSetup(t, store);
      const full = store.addLicense({ itemId: 1771, limit: 1 });
      full.activations.set('elsewhere.example.net', { hash: 'h', local: false, createdAt: daysFromNow(0) });
      const cases: Array<[string, string, string]> = [
        ['UNKNOWN-KEY-000', 'license_not_found', 'License key not found. Please make sure it is correct.'],
        [store.addLicense({ itemId: 9999 }).key, 'key_mismatch', "This license key doesn't match the product. Please check your key."],
        [store.addLicense({ itemId: 1771, expiration: daysFromNow(-30) }).key, 'license_expired', 'Your license key has expired. Please renew or buy a new one.'],
        [full.key, 'activation_limit_exceeded', 'Activation limit reached. Please upgrade or get a new license.'],
      ];
      for (const [key, errorType, message] of cases) {
        const res = await activate(s, key);
        expect({ errorType, status: res.status, body: res.body }).toEqual({ errorType, status: 422, body: { status: 422, message, error_type: errorType } });
      }
      store.replyOnce('activate_license', 422, { success: false, message: 'x', error_type: 'validation_error' });
      expect((await activate(s, 'ANY')).body.message).toBe('Please provide the license key, URL, and item ID.');
      store.replyOnce('activate_license', 422, { success: false, message: 'x', error_type: 'activation_error' });
      expect((await activate(s, 'ANY')).body.message).toBe('Unable to activate. Your license may be expired.');
    });

    it('passes the store message through for an error type without a mapping', async () => {
      const s = await bridgeSetup(t, store);
      const res = await activate(s, store.addLicense({ itemId: 1771, state: 'disabled' }).key);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ status: 422, message: 'License is not active', error_type: 'license_not_active' });
    });

    it('does not retry an activation the store refused', async () => {
      const s = await bridgeSetup(t, store);
      await activate(s, 'UNKNOWN-KEY-001');
      expect(store.calls('activate_license')).toHaveLength(1);
    });

    it('replaces the current site activation when another key is activated on the site', async () => {
      const s = await bridgeSetup(t, store);
      const first = store.addLicense({ itemId: 1771 });
      const second = store.addLicense({ itemId: 1771 });
      expect((await activate(s, first.key)).status).toBe(200);
      expect((await activate(s, second.key)).status).toBe(200);
      const rows = await activations(s);
      expect(rows.map((r) => [r.license_key, r.is_current]).sort()).toEqual([[first.key, false], [second.key, true]].sort());

      store.reset();
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(app.body.license_type).toBe('premium');
      expect(store.calls('check_license')[0].params.license_key).toBe(second.key);
    });

    it('activating the same key again keeps one row and the same hash', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      const a = await activate(s, license.key);
      const b = await activate(s, license.key);
      expect(b.body.data.activation_hash).toBe(a.body.data.activation_hash);
      expect(await activations(s)).toHaveLength(1);
    });

    it('builds the store URL from api_url with or without a trailing slash, keeping its path', async () => {
      for (const [apiUrl, path] of [
        [store.url.replace(/\/$/, ''), '/'],
        [store.url, '/'],
        [`${store.url}shop`, '/shop/'],
        [`${store.url}shop/`, '/shop/'],
      ]) {
        store.reset();
        const s = await bridgeSetup(t, store, { apiUrl });
        expect((await activate(s, store.addLicense({ itemId: 1771 }).key)).status).toBe(200);
        expect({ apiUrl, path: store.calls('activate_license')[0].path }).toEqual({ apiUrl, path });
      }
    });

    it('reads string numbers and object dates leniently', async () => {
      store.quirks.activate_license = { stringNumbers: true, objectDates: true };
      try {
        const s = await bridgeSetup(t, store);
        const license = store.addLicense({ itemId: 1771, limit: 10, expiration: '2031-03-01 08:29:18' });
        const res = await activate(s, license.key);
        expect(res.status).toBe(200);
        expect(res.body.data.activation_limit).toBe('10');
        const [row] = await activations(s);
        expect(row.license).toMatchObject({ activation_limit: 10, activations_count: 1, product_id: 1771, expiration_date: '2031-03-01 08:29:18' });
      } finally {
        delete store.quirks.activate_license;
      }
    });

    it('stores a lifetime license as lifetime', async () => {
      const s = await bridgeSetup(t, store);
      await activate(s, store.addLicense({ itemId: 1771, expiration: 'lifetime' }).key);
      expect((await activations(s))[0].license.expiration_date).toBe('lifetime');
    });
  });

  describe('check', () => {
    it('answers 200 "Your License key is valid." with the store answer', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const res = await bridge(t, s.token, '/api/v1/license/check', { site_url: s.site, license_key: license.key });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your License key is valid.');
      expect(res.body.data).toMatchObject({ status: 'valid', license_key: license.key, success: true });
      const [call] = store.calls('check_license');
      expect(call.params).toMatchObject({ license_key: license.key, item_id: '1771', site_url: s.site, activation_hash: res.body.data.activation_hash });
    });

    it('answers 404 "License record not found for this site." without a stored activation, without asking the store', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      store.reset();
      const res = await bridge(t, s.token, '/api/v1/license/check', { site_url: freshSite(), license_key: license.key });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, message: 'License record not found for this site.' });
      expect(store.calls('check_license')).toHaveLength(0);
    });

    it('answers 404 with the mapped message when the store says the license is not valid', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const check = () => bridge(t, s.token, '/api/v1/license/check', { site_url: s.site, license_key: license.key });

      license.expiration = daysFromNow(-20);
      expect((await check()).body).toEqual({ status: 404, message: 'Your license key has expired. Please renew or buy a new one.', error_type: null });

      license.expiration = daysFromNow(100);
      license.state = 'disabled';
      expect((await check()).body).toEqual({ status: 404, message: 'License is not valid.', error_type: null });

      license.state = 'active';
      license.activations.clear();
      expect((await check()).body).toEqual({ status: 404, message: 'License activation could not be found', error_type: 'invalid_activation' });

      store.replyOnce('check_license', 200, { status: 'invalid', error_type: 'license_error', message: 'x', success: true });
      expect((await check()).body).toEqual({ status: 404, message: 'Invalid license key for this product. Please verify your key.', error_type: 'license_error' });
    });

    it('deactivate then check answers 404', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const off = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: license.key });
      expect(off.status).toBe(200);
      const res = await bridge(t, s.token, '/api/v1/license/check', { site_url: s.site, license_key: license.key });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('License record not found for this site.');
    });
  });

  describe('version-check', () => {
    it('answers 200 with version_data from the store', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const res = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: license.key });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('License version fetched successfully.');
      expect(res.body.version_data).toMatchObject({ new_version: '2.1.0', license_status: 'valid', success: true });
      expect(res.body.version_data.package).toContain('download_license_package');
    });

    it('answers 404 "License record not found. Please activate first." for a key never activated', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: 'NEVER-ACTIVATED' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, message: 'License record not found. Please activate first.' });
    });

    it('scopes the activation to site_url when given', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const other = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: license.key, site_url: freshSite() });
      expect(other.status).toBe(404);
      store.reset();
      const same = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: license.key, site_url: s.site });
      expect(same.status).toBe(200);
      expect(store.calls('get_license_version')[0].params).toMatchObject({ site_url: s.site, item_id: '1771', license_key: license.key });
    });

    it('answers 422 with the mapped message when the store refuses', async () => {
      const s = await bridgeSetup(t, store, { itemId: 1771 });
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      store.products.get(1771)!.licensingEnabled = false;
      try {
        const res = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: license.key });
        expect(res.status).toBe(422);
        expect(res.body).toEqual({ status: 422, message: "Licensing hasn't been enabled for this product.", error_type: 'license_not_enabled' });
      } finally {
        store.products.get(1771)!.licensingEnabled = true;
      }
    });

    it('passes an invalid license through as 200 with license_status invalid and no package', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      license.state = 'disabled';
      const res = await bridge(t, s.token, '/api/v1/license/version-check', { license_key: license.key });
      expect(res.status).toBe(200);
      expect(res.body.version_data).toMatchObject({ license_status: 'invalid', package: '' });
    });
  });

  describe('deactivate', () => {
    it('deactivates at the store, marks the activation deactivated and returns the trial to trial mode', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      const res = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: license.key });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your license key has been deactivated.');
      expect(res.body.data).toMatchObject({ status: 'deactivated', success: true });
      expect(license.activations.size).toBe(0);
      const [row] = await activations(s);
      expect(row).toMatchObject({ is_deactivated: true, is_current: false });
      expect((await trials(s))[0].license_type).toBe('free_trial');
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(app.body.license_type).toBe('free_trial');
    });

    it('requires license_key for license_deactivate and a known appza_action', async () => {
      const s = await bridgeSetup(t, store);
      const a = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate' });
      expect(a.status).toBe(422);
      expect(a.body.errors).toEqual({ license_key: ['The license key field is required when appza action is license_deactivate.'] });
      const b = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'explode' });
      expect(b.status).toBe(422);
      expect(b.body.errors).toEqual({ appza_action: ['The selected appza action is invalid.'] });
    });

    it('answers 404 for a key not active on the site', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: 'NOPE' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 404, message: 'License record not found for this site.' });
    });

    it('answers 422 with the mapped message when the store refuses, and keeps the activation', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await activate(s, license.key);
      license.activations.clear();
      const res = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: license.key });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ status: 422, message: 'This website is not registered under your license.', error_type: 'site_not_found' });
      expect((await activations(s))[0]).toMatchObject({ is_deactivated: false, is_current: true });
    });

    it('plugin_delete marks the plugin deleted: app-license-check then finds no license', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 200, message: 'Your plugin has been deleted successfully.' });
      const app = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(app.status).toBe(404);
      expect(app.body.message).toBe('Plugin not installed or no license found.');
      const again = await bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' });
      expect(again.status).toBe(404);
      expect((await trials(s))[0].status).toBe('deleted');
    });
  });
});
