import { DataSource } from 'typeorm';
import { startTestApp, TestApp, TestResponse } from './helpers/test-app';
import {
  BRIDGE_TEST_ENV,
  bridge,
  BridgeSetup,
  bridgeSetup,
  bridgeVendor,
  BridgeVendor,
  createLead,
  daysFromNow,
  FluentStandIn,
  freshSite,
  putProduct,
  StandInLicense,
} from './helpers/fluent-stand-in';

/**
 * Black-box contract suite for the License API v1 (Fluent bridge), written from
 * spec/license-api-v1.md, spec/fluent-upstream.md and DECISIONS.md section B only: every route
 * and alias, every documented status code and message string, the {status, message} envelope,
 * the four token headers and the three parameter sources, plus hostile input (never a 500).
 * Setup goes through the vendor API and the FluentCart stand-in; states the public API cannot
 * produce (a trial past its grace date, an activation that lost its hash) are set in the database.
 */

const BOOT_TIMEOUT = 60_000;

const MSG = {
  activated: 'Your License key has been activated successfully.',
  badConfig: 'Invalid Fluent plugin configuration.',
  connect: 'Failed to connect to the license server.',
  checkNoRecord: 'License record not found for this site.',
  checkValid: 'Your License key is valid.',
  versionNoRecord: 'License record not found. Please activate first.',
  versionOk: 'License version fetched successfully.',
  noTrial: 'Plugin not installed or no license found.',
  trialValid: 'Your free trial license is valid.',
  trialExpired: 'Your free trial has expired. Please purchase a paid license.',
  premiumNotConfigured: 'Premium license not configured for this domain. Please activate the paid license in your plugin settings.',
  premiumNoData: 'License data not found. Please activate your license first.',
  premiumValid: 'Your premium license key is valid.',
  premiumExpired: 'Your Premium License is expire , please renew again.',
  deactivated: 'Your license key has been deactivated.',
  pluginDeleted: 'Your plugin has been deleted successfully.',
};

/** fluent-upstream.md, "Messages the bridge shows for upstream error types" */
const MAPPED: Record<string, string> = {
  validation_error: 'Please provide the license key, URL, and item ID.',
  key_mismatch: "This license key doesn't match the product. Please check your key.",
  license_error: 'Invalid license key for this product. Please verify your key.',
  license_not_found: 'License key not found. Please make sure it is correct.',
  license_expired: 'Your license key has expired. Please renew or buy a new one.',
  activation_error: 'Unable to activate. Your license may be expired.',
  activation_limit_exceeded: 'Activation limit reached. Please upgrade or get a new license.',
  site_not_found: 'This website is not registered under your license.',
  deactivation_error: 'Unable to deactivate the license. Please try again later.',
  product_not_found: 'Product not found. Please check the product ID.',
  license_settings_not_found: 'License settings not configured for this product.',
  license_not_enabled: "Licensing hasn't been enabled for this product.",
};

const V1 = '/api/v1/license';

/** DECISIONS B: `{"status":<http status>,"message":...}` with the HTTP status equal to `status`. */
function expectEnvelope(res: TestResponse, status: number, message?: string): void {
  if (res.status !== status || (message !== undefined && res.body?.message !== message)) {
    throw new Error(`expected ${status} ${message ?? ''}, got ${res.status} ${res.text}`);
  }
  expect(res.headers.get('content-type') ?? '').toContain('application/json');
  expect(res.body.status).toBe(status);
  expect(typeof res.body.message).toBe('string');
}

/** No hostile value may produce a server fault; the answer stays in the envelope. */
function expectClientAnswer(res: TestResponse, allowed: number[]): void {
  if (!allowed.includes(res.status)) throw new Error(`expected one of ${allowed.join('/')}, got ${res.status} ${res.text}`);
  expect(res.body.status).toBe(res.status);
  expect(typeof res.body.message).toBe('string');
}

function formBody(params: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

function query(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString()}`;
}

describe('contract: License API v1 (Fluent bridge), black-box', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let ds: DataSource;
  let deadStoreUrl: string;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    deadStoreUrl = await FluentStandIn.closedPortUrl();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    ds = t.app.get(DataSource);
  }, BOOT_TIMEOUT);
  afterAll(async () => {
    await t?.close();
    await store?.close();
  }, BOOT_TIMEOUT);
  afterEach(() => store.reset());

  /** Updates rows of a bridge table by database column names (states the API cannot create). */
  async function setRows(table: string, where: Record<string, unknown>, values: Record<string, unknown>): Promise<number> {
    const meta = ds.entityMetadatas.find((m) => m.tableName === table);
    if (!meta) throw new Error(`no entity for ${table}`);
    const prop = (column: string) => {
      const c = meta.columns.find((col) => col.databaseName === column);
      if (!c) throw new Error(`no column ${table}.${column}`);
      return c.propertyName;
    };
    const mapped = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [prop(k), v]));
    const result = await ds.getRepository(meta.target).update(mapped(where), mapped(values));
    return result.affected ?? 0;
  }

  async function activated(setup: BridgeSetup, license?: StandInLicense): Promise<StandInLicense> {
    const lic = license ?? store.addLicense({ itemId: 1771 });
    const res = await bridge(t, setup.token, `${V1}/activate`, { site_url: setup.site, license_key: lic.key });
    expectEnvelope(res, 200, MSG.activated);
    return lic;
  }

  // ------------------------------------------------------------------------------------------
  describe('authorization (DECISIONS B: a lead token in one of four headers; else 401)', () => {
    let setup: BridgeSetup;
    beforeAll(async () => {
      setup = await bridgeSetup(t, store);
    });

    const routes: Array<[string, string, Record<string, string>]> = [
      ['POST', `${V1}/activate`, {}],
      ['POST', `${V1}/check`, {}],
      ['POST', `${V1}/version-check`, {}],
      ['POST', `${V1}/app-license-check`, {}],
      ['POST', `${V1}/deactivate`, {}],
      ['POST', `${V1}/free-trial`, {}],
      ['GET', '/api/appza/v1/license/check', {}],
      ['POST', '/api/appza/v1/license/activate', {}],
      ['GET', '/api/appza/v1/license/deactivate', {}],
      ['POST', '/api/appza/v1/license/version/check', {}],
      ['GET', '/api/appza/v1/app/license-check', {}],
    ];

    it.each(routes)('%s %s without a token answers 401 in the envelope', async (method, path) => {
      const res = await bridge(t, undefined, path, { site_url: setup.site, product: setup.slug }, method);
      expectEnvelope(res, 401);
    });

    it.each(routes)('%s %s with an unknown token answers 401', async (method, path) => {
      const res = await bridge(t, 'no-such-lead-token-0123456789', path, { site_url: setup.site, product: setup.slug }, method);
      expectEnvelope(res, 401);
    });

    it.each([
      ['appza-hash', (tok: string) => tok],
      ['lazy-task-hash', (tok: string) => tok],
      ['fcom-mobile-hash', (tok: string) => tok],
      ['Authorization', (tok: string) => `Bearer ${tok}`],
    ])('accepts the lead token in the %s header', async (header, value) => {
      const res = await t.request(`${V1}/app-license-check`, {
        method: 'POST',
        headers: { [header]: value(setup.token) },
        json: { site_url: setup.site, product: setup.slug },
      });
      expectEnvelope(res, 200, MSG.trialValid);
    });

    it('refuses a wrong token in a header even when another header is absent', async () => {
      const res = await t.request(`${V1}/app-license-check`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${setup.token}x` },
        json: { site_url: setup.site, product: setup.slug },
      });
      expectEnvelope(res, 401);
    });

    it('refuses an inactive lead with 401 and accepts it again once resumed', async () => {
      const s = await bridgeSetup(t, store);
      const off = await t.request(`/api/user/fluent/leads/${s.leadId}`, { method: 'PATCH', headers: s.vendor, json: { status: 'inactive' } });
      expect(off.status).toBe(200);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 401);
      const on = await t.request(`/api/user/fluent/leads/${s.leadId}`, { method: 'PATCH', headers: s.vendor, json: { status: 'active' } });
      expect(on.status).toBe(200);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 200, MSG.trialValid);
    });

    it('refuses a closed lead with 401', async () => {
      const s = await bridgeSetup(t, store);
      const closed = await t.request(`/api/user/fluent/leads/${s.leadId}/close`, { method: 'POST', headers: s.vendor });
      expect(closed.status).toBeLessThan(300);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 401);
      expectEnvelope(await bridge(t, s.token, `${V1}/free-trial`, { site_url: freshSite(), email: 'a@b.co', name: 'A' }), 401);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('parameters from a JSON body, a form body or the query string', () => {
    let setup: BridgeSetup;
    let lic: StandInLicense;
    beforeAll(async () => {
      setup = await bridgeSetup(t, store);
      lic = await activated(setup);
    });

    it('reads check parameters from a JSON body', async () => {
      const res = await t.request(`${V1}/check`, { method: 'POST', headers: { 'appza-hash': setup.token }, json: { site_url: setup.site, license_key: lic.key } });
      expectEnvelope(res, 200, MSG.checkValid);
    });

    it('reads check parameters from a urlencoded form body', async () => {
      const f = formBody({ site_url: setup.site, license_key: lic.key });
      const res = await t.request(`${V1}/check`, { method: 'POST', headers: { 'appza-hash': setup.token, ...f.headers }, body: f.body });
      expectEnvelope(res, 200, MSG.checkValid);
    });

    it('reads check parameters from the query string of a POST', async () => {
      const res = await t.request(`${V1}/check${query({ site_url: setup.site, license_key: lic.key })}`, {
        method: 'POST',
        headers: { 'appza-hash': setup.token },
      });
      expectEnvelope(res, 200, MSG.checkValid);
    });

    it('reads parameters from a multipart form body', async () => {
      const form = new FormData();
      form.set('site_url', setup.site);
      form.set('product', setup.slug);
      const res = await t.request(`${V1}/app-license-check`, { method: 'POST', headers: { 'appza-hash': setup.token }, body: form });
      expectEnvelope(res, 200, MSG.premiumValid);
    });

    it('answers 4xx in the envelope for a multipart body carrying a file', async () => {
      const form = new FormData();
      form.set('site_url', setup.site);
      form.set('product', setup.slug);
      form.set('file', new Blob(['<?php evil();']), 'x.php');
      const res = await t.request(`${V1}/app-license-check`, { method: 'POST', headers: { 'appza-hash': setup.token }, body: form });
      expectClientAnswer(res, [400, 413, 422]);
    });

    it('reads multipart fields on a deployed alias too', async () => {
      const form = new FormData();
      form.set('license_key', lic.key);
      const res = await t.request('/api/appza/v1/license/version/check', { method: 'POST', headers: { 'appza-hash': setup.token }, body: form });
      expectEnvelope(res, 200, MSG.versionOk);
    });

    it('starts a free trial from a form body', async () => {
      const f = formBody({ site_url: freshSite(), email: 'form@example.com', name: 'Form', product: setup.slug });
      const res = await t.request(`${V1}/free-trial`, { method: 'POST', headers: { 'appza-hash': setup.token, ...f.headers }, body: f.body });
      expectEnvelope(res, 200);
      expect(res.body.license_type).toBe('free_trial');
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('free-trial (DECISIONS B)', () => {
    let v: BridgeVendor;
    let token: string;
    beforeAll(async () => {
      v = await bridgeVendor(t);
      await putProduct(t, v, 'appza', { api_url: store.url, item_id: 1771 });
      await putProduct(t, v, 'lazy_task', { api_url: store.url, item_id: 1772 });
      token = (await createLead(t, v, 'appza')).token;
    });

    it('creates a 7-day trial with a 14-day grace date', async () => {
      const site = freshSite();
      const before = Date.now();
      const res = await bridge(t, token, `${V1}/free-trial`, { site_url: site, product: 'appza', name: 'Owner', email: 'owner@example.com' });
      expectEnvelope(res, 200);
      expect(res.body.license_type).toBe('free_trial');
      const asUtc = (s: string) => new Date(`${s.replace(' ', 'T')}Z`).getTime();
      const day = 86_400_000;
      const expiry = asUtc(res.body.data.expiration_date);
      const grace = asUtc(res.body.data.grace_period_date);
      expect(Math.abs(expiry - (before + 7 * day))).toBeLessThan(10 * 60_000);
      expect(Math.abs(grace - (before + 14 * day))).toBeLessThan(10 * 60_000);
      const check = await bridge(t, token, `${V1}/app-license-check`, { site_url: site, product: 'appza' });
      expectEnvelope(check, 200, MSG.trialValid);
      expect(check.body.license_type).toBe('free_trial');
    });

    it('answers 400 to a second trial for the same site and product (also in another spelling of the URL)', async () => {
      const site = freshSite();
      expectEnvelope(await bridge(t, token, `${V1}/free-trial`, { site_url: site, product: 'appza', name: 'A', email: 'a@example.com' }), 200);
      expectEnvelope(await bridge(t, token, `${V1}/free-trial`, { site_url: site, product: 'appza', name: 'A', email: 'a@example.com' }), 400);
      const respelled = `${site.toUpperCase()}:8443/wp/`;
      expectEnvelope(await bridge(t, token, `${V1}/free-trial`, { site_url: respelled, product: 'appza', name: 'A', email: 'a@example.com' }), 400);
    });

    it('allows one trial per product on the same site', async () => {
      const site = freshSite();
      expectEnvelope(await bridge(t, token, `${V1}/free-trial`, { site_url: site, product: 'appza', name: 'A', email: 'a@example.com' }), 200);
      expectEnvelope(await bridge(t, token, `${V1}/free-trial`, { site_url: site, product: 'lazy_task', name: 'A', email: 'a@example.com' }), 200);
    });

    it('answers 422 with the field errors when site_url is missing', async () => {
      const res = await bridge(t, token, `${V1}/free-trial`, { product: 'appza', name: 'A', email: 'a@example.com' });
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty('site_url');
    });

    it('answers 422 for a product the vendor does not have', async () => {
      const res = await bridge(t, token, `${V1}/free-trial`, { site_url: freshSite(), product: 'fcom_mobile', name: 'A', email: 'a@example.com' });
      expectEnvelope(res, 422);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('activate', () => {
    it('activates at the store and answers 200 with the store body as data', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 1771 });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key, email: 'buyer@example.com' });
      expectEnvelope(res, 200, MSG.activated);
      const stored = lic.activations.get(s.site.replace('https://', ''))!;
      expect(stored).toBeDefined();
      expect(res.body.data).toMatchObject({ status: 'valid', license_key: lic.key, activation_hash: stored.hash, activation_limit: 5, success: true });
      const call = store.calls('activate_license')[0];
      expect(call.params).toMatchObject({ license_key: lic.key, item_id: '1771' });
      expect(call.params.site_url.replace(/^https?:\/\//, '')).toBe(s.site.replace('https://', ''));
    });

    it('upgrades the site to premium (app-license-check reports premium)', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 200, MSG.premiumValid);
      expect(res.body.license_type).toBe('premium');
    });

    it("makes the newest activation the site's current one (app-license-check checks that key)", async () => {
      const s = await bridgeSetup(t, store);
      const first = await activated(s);
      const second = await activated(s);
      first.state = 'disabled';
      store.reset();
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 200, MSG.premiumValid);
      expect(store.calls('check_license')[0].params.license_key ?? '').not.toBe(first.key);
      expect(res.body.data.license_key).toBe(second.key);
    });

    it('keeps one activation when the same key is activated again on the site (the store returns the same hash)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      const again = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(again, 200, MSG.activated);
      expect(lic.activations.size).toBe(1);
      const list = await t.request(`/api/user/fluent/activations?license_key=${encodeURIComponent(lic.key)}`, { headers: s.vendor });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
    });

    it('activates on a site without a trial: the premium activation creates the site record (the original answered 422 "Local license not found.")', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const lic = store.addLicense({ itemId: 1771 });
      expectEnvelope(await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key }), 200, MSG.activated);
      expect(store.calls('activate_license')).toHaveLength(1);
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 200, MSG.checkValid);
    });

    it.each([
      ['no item_id', { itemId: null }],
      ['no api_url', { apiUrl: null }],
    ])('answers 422 "Invalid Fluent plugin configuration." for a product with %s', async (_n, opts) => {
      const s = await bridgeSetup(t, store, opts);
      expectEnvelope(await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-ANY' }), 422, MSG.badConfig);
    });

    it('answers 422 "Invalid Fluent plugin configuration." for an inactive product', async () => {
      const s = await bridgeSetup(t, store);
      await putProduct(t, s, s.slug, { is_active: false });
      expectEnvelope(await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-ANY' }), 422, MSG.badConfig);
    });

    it.each([
      ['site_url', { license_key: 'FC-X' }],
      ['license_key', { site_url: 'https://example.com' }],
    ])('answers 422 with field errors when %s is missing', async (field, params) => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/activate`, params);
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty(field);
    });

    it('answers 422 with the mapped message and error_type when the key is unknown to the store', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-UNKNOWN' });
      expectEnvelope(res, 422, MAPPED.license_not_found);
      expect(res.body.error_type).toBe('license_not_found');
    });

    it('maps key_mismatch (a key of another store product)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 999 });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 422, MAPPED.key_mismatch);
      expect(res.body.error_type).toBe('key_mismatch');
    });

    it('maps license_expired', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 1771, expiration: daysFromNow(-40) });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 422, MAPPED.license_expired);
      expect(res.body.error_type).toBe('license_expired');
    });

    it('maps activation_limit_exceeded', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 1771, limit: 1 });
      lic.activations.set('other-site.example.com', { hash: 'h', local: false, createdAt: '2026-01-01 00:00:00' });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 422, MAPPED.activation_limit_exceeded);
      expect(res.body.error_type).toBe('activation_limit_exceeded');
    });

    it.each(['validation_error', 'activation_error'])('maps the store error %s', async (type) => {
      const s = await bridgeSetup(t, store);
      store.replyOnce('activate_license', 422, { success: false, message: 'upstream text', error_type: type });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-ANY' });
      expectEnvelope(res, 422, MAPPED[type]);
      expect(res.body.error_type).toBe(type);
      expect(store.calls('activate_license')).toHaveLength(1); // no retry on a 4xx (DECISIONS B)
    });

    it('passes the store message through for an error type the table does not map (license_not_active)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 1771, state: 'disabled' });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 422, 'License is not active');
      expect(res.body.error_type).toBe('license_not_active');
    });

    it('answers 500 "Failed to connect to the license server." when the store is unreachable', async () => {
      const s = await bridgeSetup(t, store, { apiUrl: deadStoreUrl });
      expectEnvelope(await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-ANY' }), 500, MSG.connect);
    });

    it('answers 500 when the store fails with an HTTP 500 page, and leaves the site on its trial', async () => {
      const s = await bridgeSetup(t, store);
      store.mode = 'http500';
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-ANY' });
      expectEnvelope(res, 500);
      store.mode = 'normal';
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 200, MSG.trialValid);
    });

    it('serves the deployed alias POST /api/appza/v1/license/activate', async () => {
      const s = await bridgeSetup(t, store);
      const lic = store.addLicense({ itemId: 1771 });
      const res = await bridge(t, s.token, '/api/appza/v1/license/activate', { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 200, MSG.activated);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('check', () => {
    it('answers 200 "Your License key is valid." for an activated key on its site', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      store.reset();
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 200, MSG.checkValid);
      const call = store.calls('check_license')[0];
      expect(call.params.item_id).toBe('1771');
      expect(call.params.license_key ?? call.params.activation_hash).toBeTruthy();
    });

    it("does not find another vendor's activation of the same key and site", async () => {
      const a = await bridgeSetup(t, store);
      const lic = await activated(a);
      const b = await bridgeSetup(t, store);
      store.reset();
      expectEnvelope(await bridge(t, b.token, `${V1}/check`, { site_url: a.site, license_key: lic.key }), 404, MSG.checkNoRecord);
      expectEnvelope(await bridge(t, b.token, `${V1}/version-check`, { license_key: lic.key }), 404, MSG.versionNoRecord);
      expect(store.requests).toHaveLength(0);
    });

    it('answers 404 "License record not found for this site." without a stored activation', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: freshSite(), license_key: lic.key }), 404, MSG.checkNoRecord);
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: 'FC-NEVER' }), 404, MSG.checkNoRecord);
    });

    it('answers 404 with the expired message when the store says expired', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      lic.expiration = daysFromNow(-40);
      const res = await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 404, MAPPED.license_expired);
    });

    it('answers 404 when the store says invalid (a disabled license is not valid)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      lic.state = 'disabled';
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 404);
    });

    it.each(['license_error', 'key_mismatch', 'validation_error'])('answers 404 with the mapped message of the store error %s', async (type) => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      store.replyOnce('check_license', 200, { status: 'invalid', error_type: type, message: 'upstream text', success: true });
      const res = await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key });
      expectEnvelope(res, 404, MAPPED[type]);
    });

    it('passes the store message through for invalid_activation', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      store.replyOnce('check_license', 200, {
        status: 'invalid',
        error_type: 'invalid_activation',
        message: 'License activation could not be found',
        success: true,
      });
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 404, 'License activation could not be found');
    });

    it('answers 500 "Failed to connect to the license server." when the store is unreachable', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      await putProduct(t, s, s.slug, { api_url: deadStoreUrl });
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 500, MSG.connect);
    });

    it('answers 422 "Invalid Fluent plugin configuration." when the product was switched off', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      await putProduct(t, s, s.slug, { is_active: false });
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 422, MSG.badConfig);
    });

    it('answers 422 with field errors when license_key is missing', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/check`, { site_url: s.site });
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty('license_key');
    });

    it('serves the deployed alias GET /api/appza/v1/license/check with query parameters', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      expectEnvelope(await bridge(t, s.token, '/api/appza/v1/license/check', { site_url: s.site, license_key: lic.key }, 'GET'), 200, MSG.checkValid);
    });

    it('finds the activation whatever the spelling of the site URL (scheme-less, upper case, port, path)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      const host = s.site.replace('https://', '');
      for (const spelling of [host, `HTTPS://${host.toUpperCase()}/`, `https://${host}:443/wp-admin/`]) {
        expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: spelling, license_key: lic.key }), 200, MSG.checkValid);
      }
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('version-check', () => {
    it('answers 200 "License version fetched successfully." with version_data', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      const res = await bridge(t, s.token, `${V1}/version-check`, { license_key: lic.key });
      expectEnvelope(res, 200, MSG.versionOk);
      expect(res.body.version_data).toMatchObject({ new_version: '2.1.0', license_status: 'valid' });
      expect(res.body.version_data.package).not.toBe('');
      expect(store.calls('get_license_version')[0].params.item_id).toBe('1771');
    });

    it('answers 404 "License record not found. Please activate first." for a key never activated', async () => {
      const s = await bridgeSetup(t, store);
      expectEnvelope(await bridge(t, s.token, `${V1}/version-check`, { license_key: 'FC-NEVER' }), 404, MSG.versionNoRecord);
    });

    it('scopes the activation to site_url when given (DECISIONS B)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      expectEnvelope(await bridge(t, s.token, `${V1}/version-check`, { license_key: lic.key, site_url: freshSite() }), 404, MSG.versionNoRecord);
      expectEnvelope(await bridge(t, s.token, `${V1}/version-check`, { license_key: lic.key, site_url: s.site }), 200, MSG.versionOk);
    });

    it('still answers 200 for an invalid license, with license_status invalid and no package', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      lic.state = 'disabled';
      const res = await bridge(t, s.token, `${V1}/version-check`, { license_key: lic.key, site_url: s.site });
      expectEnvelope(res, 200, MSG.versionOk);
      expect(res.body.version_data).toMatchObject({ license_status: 'invalid', package: '' });
    });

    it('answers 500 "Failed to connect to the license server." when the store is unreachable', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      await putProduct(t, s, s.slug, { api_url: deadStoreUrl });
      expectEnvelope(await bridge(t, s.token, `${V1}/version-check`, { license_key: lic.key }), 500, MSG.connect);
    });

    it('answers 422 with field errors when license_key is missing', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/version-check`, {});
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty('license_key');
    });

    it('serves the deployed alias POST /api/appza/v1/license/version/check', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      expectEnvelope(await bridge(t, s.token, '/api/appza/v1/license/version/check', { license_key: lic.key }), 200, MSG.versionOk);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('app-license-check', () => {
    it('answers 404 "Plugin not installed or no license found." with license_type invalid without a trial', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 404, MSG.noTrial);
      expect(res.body.license_type).toBe('invalid');
    });

    it('answers 200 free_trial with the active popup messages of the product', async () => {
      const s = await bridgeSetup(t, store);
      const path = `/api/user/fluent/products/${s.slug}/popup-messages`;
      expect((await t.request(path, { method: 'POST', headers: s.vendor, json: { type: 'info', message: 'Version 2 is out!', is_active: true } })).status).toBe(201);
      expect((await t.request(path, { method: 'POST', headers: s.vendor, json: { type: 'warning', message: 'hidden', is_active: false } })).status).toBe(201);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 200, MSG.trialValid);
      expect(res.body.license_type).toBe('free_trial');
      expect(res.body.popup_message).toEqual([{ type: 'info', message: 'Version 2 is out!' }]);
    });

    it('keeps the trial valid while its grace date is today', async () => {
      const s = await bridgeSetup(t, store);
      const today = new Date();
      today.setUTCHours(0, 0, 0, 0);
      expect(await setRows('fluent_free_trials', { site_url: s.site, tenant_id: s.tenant.id }, { expires_at: new Date(Date.now() - 8 * 86_400_000), grace_ends_at: today })).toBe(1);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 200, MSG.trialValid);
      expect(res.body.license_type).toBe('free_trial');
    });

    it('reports an expired trial once the grace date has passed, with data.status expired', async () => {
      const s = await bridgeSetup(t, store);
      expect(
        await setRows(
          'fluent_free_trials',
          { site_url: s.site, tenant_id: s.tenant.id },
          { expires_at: new Date(Date.now() - 9 * 86_400_000), grace_ends_at: new Date(Date.now() - 2 * 86_400_000) },
        ),
      ).toBe(1);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expect(res.body.message).toBe(MSG.trialExpired);
      expect(res.body.status).toBe(res.status);
      expect(res.body.license_type).toBe('free_trial');
      expect(res.body.data.status).toBe('expired');
      expect(Array.isArray(res.body.popup_message)).toBe(true);
    });

    it('answers 200 premium "Your premium license key is valid." after activation', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 200, MSG.premiumValid);
      expect(res.body.license_type).toBe('premium');
      expect(Array.isArray(res.body.popup_message)).toBe(true);
    });

    it('says "Your Premium License is expire , please renew again." when the store says expired, and not valid', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      lic.expiration = daysFromNow(-40);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expect(res.body.status).toBe(res.status);
      expect(res.body.message).toBe(MSG.premiumExpired);
      expect(res.body.data?.status).not.toBe('valid');
    });

    it('answers 403 for a premium license the store reports invalid (never valid, DECISIONS B)', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      lic.state = 'disabled';
      const res = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(res, 403);
      expect(res.body.license_type).not.toBe('premium');
    });

    it('answers 403 "Premium license not configured for this domain. ..." when the premium site has no current activation', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      expect(await setRows('fluent_activations', { site_url: s.site, tenant_id: s.tenant.id }, { is_current: false })).toBe(1);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 403, MSG.premiumNotConfigured);
    });

    it('answers 403 "License data not found. Please activate your license first." when the activation has no stored hash', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      expect(await setRows('fluent_license_infos', { tenant_id: s.tenant.id }, { activation_hash: null })).toBe(1);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 403, MSG.premiumNoData);
    });

    it('answers 503 when the store is unavailable for a premium check', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      await putProduct(t, s, s.slug, { api_url: deadStoreUrl });
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 503);
      await putProduct(t, s, s.slug, { api_url: store.url });
      store.mode = 'garbage';
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 503);
    });

    it('answers 422 "Invalid Fluent plugin configuration." for a premium site whose product was switched off', async () => {
      const s = await bridgeSetup(t, store);
      await activated(s);
      await putProduct(t, s, s.slug, { is_active: false });
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 422, MSG.badConfig);
    });

    it.each([
      ['site_url', { product: 'appza' }],
      ['product', { site_url: 'https://example.com' }],
      ['site_url', { site_url: 'not a url', product: 'appza' }],
    ])('answers 422 with an error on %s for %j', async (field, params) => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/app-license-check`, params);
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty(field);
    });

    it('serves the deployed alias GET /api/appza/v1/app/license-check with query parameters', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/appza/v1/app/license-check', { site_url: s.site, product: s.slug }, 'GET');
      expectEnvelope(res, 200, MSG.trialValid);
    });

    it('matches the product slug case-insensitively, the same on every database', async () => {
      const s = await bridgeSetup(t, store);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug.toUpperCase() }), 200, MSG.trialValid);
    });

    it("does not see another vendor's trial for the same site", async () => {
      const a = await bridgeSetup(t, store);
      const b = await bridgeSetup(t, store, { trial: false });
      const res = await bridge(t, b.token, `${V1}/app-license-check`, { site_url: a.site, product: 'appza' });
      expectEnvelope(res, 404, MSG.noTrial);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('deactivate', () => {
    it('deactivates at the store: 200, then check finds no record and the site is back on its trial', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      const res = await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: lic.key });
      expectEnvelope(res, 200, MSG.deactivated);
      expect(lic.activations.size).toBe(0);
      expect(store.calls('deactivate_license')[0].params).toMatchObject({ license_key: lic.key, item_id: '1771' });
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 404, MSG.checkNoRecord);
      const app = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(app, 200, MSG.trialValid);
      expect(app.body.license_type).toBe('free_trial');
    });

    it('answers 404 when there is nothing to deactivate', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: 'FC-NEVER' });
      expectEnvelope(res, 404);
      expect(store.calls('deactivate_license')).toHaveLength(0);
    });

    it('answers 4xx with the mapped message when the store refuses, and keeps the activation', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      store.replyOnce('deactivate_license', 422, { success: false, message: 'x', error_type: 'site_not_found' });
      const res = await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: lic.key });
      expectClientAnswer(res, [404, 422]);
      expect(res.body.message).toBe(MAPPED.site_not_found);
      expectEnvelope(await bridge(t, s.token, `${V1}/check`, { site_url: s.site, license_key: lic.key }), 200, MSG.checkValid);
    });

    it('answers 500 "Failed to connect to the license server." when the store is unreachable', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      await putProduct(t, s, s.slug, { api_url: deadStoreUrl });
      const res = await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: lic.key });
      expectEnvelope(res, 500, MSG.connect);
    });

    it('plugin_delete answers 200 "Your plugin has been deleted successfully." and the trial is gone', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' });
      expectEnvelope(res, 200, MSG.pluginDeleted);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 404, MSG.noTrial);
    });

    it('gives a reinstalled plugin its old trial back, with the original dates', async () => {
      const s = await bridgeSetup(t, store);
      const before = await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug });
      expectEnvelope(await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' }), 200, MSG.pluginDeleted);
      const again = await bridge(t, s.token, `${V1}/free-trial`, { site_url: s.site, product: s.slug, name: 'Owner', email: 'owner@example.com' });
      expectEnvelope(again, 200);
      expect(again.body.data.expiration_date).toBe(before.body.data.expiration_date);
      expect(again.body.data.grace_period_date).toBe(before.body.data.grace_period_date);
      expectEnvelope(await bridge(t, s.token, `${V1}/app-license-check`, { site_url: s.site, product: s.slug }), 200, MSG.trialValid);
    });

    it('answers 404 to plugin_delete on a site without a trial', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      expectEnvelope(await bridge(t, s.token, `${V1}/deactivate`, { site_url: s.site, product: s.slug, appza_action: 'plugin_delete' }), 404);
    });

    it.each([
      ['appza_action', { product: 'appza', site_url: 'https://example.com' }],
      ['appza_action', { product: 'appza', site_url: 'https://example.com', appza_action: 'explode' }],
      ['license_key', { product: 'appza', site_url: 'https://example.com', appza_action: 'license_deactivate' }],
      ['site_url', { product: 'appza', appza_action: 'plugin_delete' }],
      ['product', { site_url: 'https://example.com', appza_action: 'plugin_delete' }],
    ])('answers 422 with an error on %s for %j', async (field, params) => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, `${V1}/deactivate`, params);
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty(field);
    });

    it('serves the deployed alias GET /api/appza/v1/license/deactivate with query parameters', async () => {
      const s = await bridgeSetup(t, store);
      const lic = await activated(s);
      const res = await bridge(
        t,
        s.token,
        '/api/appza/v1/license/deactivate',
        { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: lic.key },
        'GET',
      );
      expectEnvelope(res, 200, MSG.deactivated);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('unknown routes and malformed bodies stay in the envelope', () => {
    let setup: BridgeSetup;
    beforeAll(async () => {
      setup = await bridgeSetup(t, store);
    });

    it('answers 404 in the envelope for an unknown License API v1 route', async () => {
      expectEnvelope(await bridge(t, setup.token, `${V1}/nope`, {}), 404);
      expectEnvelope(await bridge(t, setup.token, '/api/appza/v1/license/nope', {}, 'GET'), 404);
    });

    it('answers 4xx in the envelope for a body of an unsupported content type', async () => {
      const res = await t.request(`${V1}/check`, {
        method: 'POST',
        headers: { 'appza-hash': setup.token, 'content-type': 'text/plain' },
        body: 'site_url=x',
      });
      expectClientAnswer(res, [400, 415, 422]);
    });

    it('answers 4xx in the envelope for malformed JSON', async () => {
      const res = await t.request(`${V1}/check`, {
        method: 'POST',
        headers: { 'appza-hash': setup.token, 'content-type': 'application/json' },
        body: '{"site_url": ',
      });
      expectClientAnswer(res, [400, 422]);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('hostile values never cause a 500', () => {
    let setup: BridgeSetup;
    let lic: StandInLicense;
    beforeAll(async () => {
      setup = await bridgeSetup(t, store);
      lic = await activated(setup);
    });

    const longLabel = 'a'.repeat(63);
    const hostileSites: Array<[string, unknown]> = [
      ['javascript: URL', 'javascript:alert(1)'],
      ['data: URL', 'data:text/html,<script>alert(1)</script>'],
      ['ftp URL', 'ftp://example.com/'],
      ['10k-character host', `https://${'a'.repeat(10_000)}.com`],
      ['300-character dotted host', `https://${Array(5).fill(longLabel).join('.')}.com`],
      ['10k-character path', `https://example.com/${'p'.repeat(10_000)}`],
      ['NUL byte', 'https://exa\u0000mple.com'],
      ['space in host', 'http://exa mple.com'],
      ['empty string', ''],
      ['only a scheme', 'https://'],
      ['an array', ['https://example.com']],
      ['an object', { url: 'https://example.com' }],
      ['percent-encoded junk', 'https://%zz%00.example.com'],
      ['2000-character label', `https://${'b'.repeat(2000)}.com`],
    ];

    /** Odd but usable URLs: the WHATWG parser makes a host of them (a number is an IPv4 address, emoji are IDN). */
    const oddButUsable: Array<[string, unknown, string]> = [
      ['a number', 12345, 'https://0.0.48.57'],
      ['emoji host', 'https://💥.example', 'https://xn--hs8h.example'],
      ['backslashes', 'https:\\\\evil.example\\x', 'https://evil.example'],
    ];

    it.each(hostileSites)('free-trial rejects or absorbs a site_url that is a %s', async (_name, site) => {
      const res = await bridge(t, setup.token, `${V1}/free-trial`, { site_url: site, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectClientAnswer(res, [200, 400, 422]);
    });

    it.each(hostileSites)('app-license-check answers 4xx for a site_url that is a %s', async (_name, site) => {
      const res = await bridge(t, setup.token, `${V1}/app-license-check`, { site_url: site, product: setup.slug });
      expectClientAnswer(res, [200, 404, 422]);
    });

    /** A lead of the setup's vendor whose domain is `site`'s (a lead's token acts on its own domain only). */
    const leadOn = async (site: string) => (await createLead(t, setup, setup.slug, site, 'owner@example.com')).token;

    it.each(oddButUsable)('normalizes a site_url that is %s like a browser would', async (_name, site, normalized) => {
      const res = await bridge(t, await leadOn(normalized), `${V1}/free-trial`, { site_url: site, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectClientAnswer(res, [200, 400]);
      if (res.status === 200) expect(res.body.data.site_url).toBe(normalized);
    });

    it('answers 422 for a site_url whose host is longer than a DNS name can be', async () => {
      const res = await bridge(t, setup.token, `${V1}/free-trial`, {
        site_url: `https://${Array(5).fill(longLabel).join('.')}.com`,
        product: setup.slug,
        name: 'X',
        email: 'x@example.com',
      });
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty('site_url');
    });

    it.each(hostileSites)('activate answers 4xx for a site_url that is a %s', async (_name, site) => {
      const res = await bridge(t, setup.token, `${V1}/activate`, { site_url: site, license_key: lic.key });
      expectClientAnswer(res, [422]);
    });

    it.each(hostileSites)('check answers 4xx for a site_url that is a %s', async (_name, site) => {
      const res = await bridge(t, setup.token, `${V1}/check`, { site_url: site, license_key: lic.key });
      expectClientAnswer(res, [404, 422]);
    });

    it.each(['javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/', 'https://'])('answers 422 on site_url for the non-http(s) URL %s', async (site) => {
      const res = await bridge(t, setup.token, `${V1}/free-trial`, { site_url: site, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectEnvelope(res, 422);
      expect(res.body.errors).toHaveProperty('site_url');
    });

    it('normalizes an IDN site to punycode (one trial for both spellings)', async () => {
      const host = `bücher-${Date.now()}.example`;
      const token = await leadOn(host);
      const first = await bridge(t, token, `${V1}/free-trial`, { site_url: `https://${host}/shop`, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectEnvelope(first, 200);
      expect(first.body.data.site_url).toMatch(/^https:\/\/xn--/);
      const again = await bridge(t, token, `${V1}/free-trial`, { site_url: first.body.data.site_url, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectEnvelope(again, 400);
    });

    it('drops credentials from a site_url (they are not stored nor sent on)', async () => {
      const host = `creds-${Date.now()}.example.com`;
      const res = await bridge(t, setup.token, `${V1}/free-trial`, { site_url: `https://user:secret@${host}/`, product: setup.slug, name: 'X', email: 'x@example.com' });
      expectEnvelope(res, 200);
      expect(res.body.data.site_url).toBe(`https://${host}`);
      expect(res.text).not.toContain('secret');
    });

    it('handles an IPv6 literal site_url without a server error', async () => {
      const token = await leadOn('[2001:db8::1]');
      const res = await bridge(t, token, `${V1}/free-trial`, { site_url: 'https://[2001:db8::1]:8443/wp', product: setup.slug, name: 'X', email: 'x@example.com' });
      expectClientAnswer(res, [200, 422]);
      if (res.status === 200) {
        const check = await bridge(t, token, `${V1}/app-license-check`, { site_url: 'https://[2001:db8::1]/', product: setup.slug });
        expectEnvelope(check, 200, MSG.trialValid);
      }
    });

    it.each([
      ['path traversal', '../../etc/passwd'],
      ['SQL', "appza' OR '1'='1"],
      ['1000 characters', 'p'.repeat(1000)],
      ['unicode', 'appzä'],
      ['an array', ['appza']],
      ['an object', { slug: 'appza' }],
      ['NUL byte', 'app\u0000za'],
    ])('answers 422 for a product that is %s', async (_name, product) => {
      for (const path of [`${V1}/app-license-check`, `${V1}/free-trial`]) {
        const res = await bridge(t, setup.token, path, { site_url: freshSite(), product, name: 'X', email: 'x@example.com' });
        expectClientAnswer(res, [422]);
      }
      const res = await bridge(t, setup.token, `${V1}/deactivate`, { site_url: setup.site, product, appza_action: 'plugin_delete' });
      expectClientAnswer(res, [422]);
    });

    it.each([
      ['unicode', 'appzä'],
      ['upper case', 'APPZA'],
      ['encoded traversal', '..%2F..%2Fetc'],
      ['300 characters', 'p'.repeat(300)],
      ['SQL', "x'%20OR%20'1'%3D'1"],
      ['encoded NUL', 'app%00za'],
    ])('the vendor product routes answer 4xx for a slug that is %s', async (_name, slug) => {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const res = await t.request(`/api/user/fluent/products/${slug}`, { method, headers: setup.vendor, json: method === 'PATCH' ? { name: 'x' } : undefined });
        expect([400, 404, 422]).toContain(res.status);
      }
      const put = await t.request(`/api/user/fluent/products/${slug}`, { method: 'PUT', headers: setup.vendor, json: { name: 'x' } });
      expect([400, 404, 422]).toContain(put.status);
      const lead = await t.request('/api/user/fluent/leads', { method: 'POST', headers: setup.vendor, json: { product: decodeURIComponent(slug), domain: 'example.com', email: 'a@example.com' } });
      expect([400, 404, 422]).toContain(lead.status);
    });

    it('answers 422 for an empty product on the endpoints that require one', async () => {
      const check = await bridge(t, setup.token, `${V1}/app-license-check`, { site_url: setup.site, product: '' });
      expectEnvelope(check, 422);
      expect(check.body.errors).toHaveProperty('product');
      const del = await bridge(t, setup.token, `${V1}/deactivate`, { site_url: setup.site, product: '', appza_action: 'plugin_delete' });
      expectEnvelope(del, 422);
      expect(del.body.errors).toHaveProperty('product');
    });

    it.each([
      ['10k characters', 'K'.repeat(10_000)],
      ['unicode', '🔑-ключ'],
      ['NUL byte', 'FC-\u0000'],
      ['an array', ['FC-1']],
      ['an object', { key: 'FC-1' }],
      ['SQL', "' OR 1=1 --"],
      ['empty', ''],
    ])('answers 4xx for a license_key that is %s', async (_name, key) => {
      const site = setup.site;
      expectClientAnswer(await bridge(t, setup.token, `${V1}/activate`, { site_url: site, license_key: key }), [422]);
      expectClientAnswer(await bridge(t, setup.token, `${V1}/check`, { site_url: site, license_key: key }), [404, 422]);
      expectClientAnswer(await bridge(t, setup.token, `${V1}/version-check`, { license_key: key }), [404, 422]);
      expectClientAnswer(
        await bridge(t, setup.token, `${V1}/deactivate`, { site_url: site, product: setup.slug, appza_action: 'license_deactivate', license_key: key }),
        [404, 422],
      );
    });

    it('does not fail when the store accepts a key longer than the server stores', async () => {
      const s = await bridgeSetup(t, store);
      const long = store.addLicense({ itemId: 1771, key: `FC-${'L'.repeat(400)}` });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: long.key });
      expectClientAnswer(res, [200, 422]);
    });

    it.each([
      ['a 10k-character name', { name: 'n'.repeat(10_000), email: 'x@example.com' }],
      ['a 10k-character email', { name: 'X', email: `${'e'.repeat(10_000)}@example.com` }],
      ['an email that is not one', { name: 'X', email: 'javascript:alert(1)' }],
      ['an email that is an object', { name: 'X', email: { $ne: '' } }],
      ['no email', { name: 'X' }],
    ])('free-trial answers 422 for %s', async (_name, fields) => {
      const res = await bridge(t, setup.token, `${V1}/free-trial`, { site_url: freshSite(), product: setup.slug, ...fields });
      expectEnvelope(res, 422);
    });

    it('answers 4xx to a JSON body that tries prototype pollution', async () => {
      const res = await t.request(`${V1}/check`, {
        method: 'POST',
        headers: { 'appza-hash': setup.token, 'content-type': 'application/json' },
        body: `{"__proto__":{"site_url":"${setup.site}","license_key":"${lic.key}"},"constructor":{"prototype":{"x":1}}}`,
      });
      expectClientAnswer(res, [400, 422]);
      expect(({} as Record<string, unknown>).site_url).toBeUndefined();
    });

    it.each([
      ['numbers beyond a 32-bit column', { activation_limit: 99_999_999_999, activations_count: '88888888888', product_id: -99_999_999_999, variation_id: 1e20 }],
      ['dates outside what a DATETIME holds', { expiration_date: '0001-01-01 00:00:00', created_at: '0000-00-00 00:00:00' }],
      ['far-future dates', { expiration_date: '9999-12-31 23:59:59' }],
      ['long strings', { product_title: 'T'.repeat(5000), variation_title: '🔥'.repeat(400), activation_hash: 'h'.repeat(5000) }],
      ['wrong types', { activation_limit: { n: 1 }, expiration_date: ['2027-01-01'], product_title: 42, activation_hash: true }],
    ])('stores an activation whose store answer has %s without a server error', async (_name, fields) => {
      const s = await bridgeSetup(t, store);
      store.replyOnce('activate_license', 200, {
        status: 'valid',
        license_key: 'FC-WEIRD',
        activation_hash: 'abc123',
        activation_limit: 5,
        activations_count: 1,
        expiration_date: '2027-01-01 00:00:00',
        success: true,
        ...fields,
      });
      const res = await bridge(t, s.token, `${V1}/activate`, { site_url: s.site, license_key: 'FC-WEIRD' });
      expectEnvelope(res, 200, MSG.activated);
    });

    it('answers 422 when a parameter is repeated in the query string', async () => {
      const res = await t.request(`${V1}/check?site_url=https://a.example&site_url=https://b.example&license_key=${lic.key}`, {
        method: 'POST',
        headers: { 'appza-hash': setup.token },
      });
      expectClientAnswer(res, [404, 422]);
    });

    it('answers 401 (not 500) for a hostile token value', async () => {
      for (const token of ['x'.repeat(10_000), "' OR 1=1 --", 'ключ']) {
        const res = await t.request(`${V1}/app-license-check`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${encodeURIComponent(token)}` },
          json: { site_url: setup.site, product: setup.slug },
        });
        expectEnvelope(res, 401);
      }
    });
  });
});
