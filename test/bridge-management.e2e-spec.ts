import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, bridgeSetup, bridgeVendor, createLead, FluentStandIn, freshSite, putProduct } from './helpers/fluent-stand-in';

/** Vendor management under /api/user/fluent (User-API-Key), secrets at rest, tenant isolation. */
describe('Fluent bridge: vendor management', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let ds: DataSource;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  describe('products', () => {
    it('requires the User-API-Key', async () => {
      const res = await t.request('/api/user/fluent/products');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
    });

    it('creates, reads, lists, updates and deletes a product', async () => {
      const v = await bridgeVendor(t);
      const created = await t.request('/api/user/fluent/products', {
        method: 'POST',
        headers: v.vendor,
        json: { slug: 'appza', name: 'Appza', api_url: 'https://store.example.com', item_id: '1771' },
      });
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ slug: 'appza', name: 'Appza', api_url: 'https://store.example.com', item_id: 1771, is_active: true });

      expect((await t.request('/api/user/fluent/products/appza', { headers: v.vendor })).body.data.item_id).toBe(1771);
      const patched = await t.request('/api/user/fluent/products/appza', { method: 'PATCH', headers: v.vendor, json: { is_active: false, item_id: null } });
      expect(patched.status).toBe(200);
      expect(patched.body.data).toMatchObject({ is_active: false, item_id: null, api_url: 'https://store.example.com' });

      const list = await t.request('/api/user/fluent/products', { headers: v.vendor });
      expect(list.body.data.map((p: { slug: string }) => p.slug)).toEqual(['appza']);

      expect((await t.request('/api/user/fluent/products/appza', { method: 'DELETE', headers: v.vendor })).status).toBe(200);
      expect((await t.request('/api/user/fluent/products/appza', { headers: v.vendor })).status).toBe(404);
    });

    it('answers 409 for a slug that exists, and PUT creates or updates', async () => {
      const v = await bridgeVendor(t);
      const first = await t.request('/api/user/fluent/products/lazy_task', { method: 'PUT', headers: v.vendor, json: { item_id: 5 } });
      expect(first.status).toBe(200);
      expect(first.body.created).toBe(true);
      const second = await t.request('/api/user/fluent/products/lazy_task', { method: 'PUT', headers: v.vendor, json: { name: 'Lazy Task' } });
      expect(second.body).toMatchObject({ created: false, data: { item_id: 5, name: 'Lazy Task' } });
      const dup = await t.request('/api/user/fluent/products', { method: 'POST', headers: v.vendor, json: { slug: 'lazy_task' } });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ result: 'error', message: 'A product with this slug already exists.' });
    });

    it('rejects a bad slug, api_url or item_id with 400 and the fields', async () => {
      const v = await bridgeVendor(t);
      const res = await t.request('/api/user/fluent/products', {
        method: 'POST',
        headers: v.vendor,
        json: { slug: 'Bad Slug!', api_url: 'ftp://x', item_id: -3 },
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['api_url', 'item_id', 'slug']);
      const unknown = await t.request('/api/user/fluent/products', { method: 'POST', headers: v.vendor, json: { slug: 'ok', secret: 1 } });
      expect(unknown.status).toBe(400);
    });

    it('deleting a product removes its leads: their tokens stop working', async () => {
      const s = await bridgeSetup(t, store);
      expect((await t.request(`/api/user/fluent/products/${s.slug}`, { method: 'DELETE', headers: s.vendor })).status).toBe(200);
      expect((await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug })).status).toBe(401);
    });
  });

  describe('popup messages', () => {
    it('validates them and answers 404 for an unknown one', async () => {
      const v = await bridgeVendor(t);
      await putProduct(t, v, 'appza');
      const bad = await t.request('/api/user/fluent/products/appza/popup-messages', { method: 'POST', headers: v.vendor, json: { type: '', message: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.type).toBeDefined();
      expect((await t.request('/api/user/fluent/products/appza/popup-messages/999999', { method: 'DELETE', headers: v.vendor })).status).toBe(404);
      expect((await t.request('/api/user/fluent/products/nope/popup-messages', { headers: v.vendor })).status).toBe(404);
    });
  });

  describe('leads', () => {
    it('creates a lead and shows its token only once', async () => {
      const v = await bridgeVendor(t);
      await putProduct(t, v, 'appza');
      const res = await t.request('/api/user/fluent/leads', { method: 'POST', headers: v.vendor, json: { product: 'appza', domain: 'example.com', email: 'a@b.test', name: 'Ada' } });
      expect(res.status).toBe(201);
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(res.body.data).toMatchObject({ product: 'appza', domain: 'example.com', email: 'a@b.test', name: 'Ada', status: 'active', closed_at: null });

      const list = await t.request('/api/user/fluent/leads', { headers: v.vendor });
      expect(list.body.data).toHaveLength(1);
      expect(list.text).not.toContain(res.body.token);
      const one = await t.request(`/api/user/fluent/leads/${res.body.data.id}`, { headers: v.vendor });
      expect(one.text).not.toContain(res.body.token);
    });

    it('lists leads by product and status, and closes one (idempotently)', async () => {
      const v = await bridgeVendor(t);
      await putProduct(t, v, 'appza');
      await putProduct(t, v, 'lazy_task');
      const a = await createLead(t, v, 'appza');
      await createLead(t, v, 'lazy_task');
      expect((await t.request('/api/user/fluent/leads?product=appza', { headers: v.vendor })).body.data.map((l: { id: number }) => l.id)).toEqual([a.id]);
      expect((await t.request(`/api/user/fluent/leads/${a.id}/close`, { method: 'POST', headers: v.vendor })).status).toBe(200);
      expect((await t.request(`/api/user/fluent/leads/${a.id}/close`, { method: 'POST', headers: v.vendor })).status).toBe(200);
      const closed = await t.request('/api/user/fluent/leads?status=closed', { headers: v.vendor });
      expect(closed.body.data.map((l: { id: number }) => l.id)).toEqual([a.id]);
      expect((await t.request('/api/user/fluent/leads?status=bogus', { headers: v.vendor })).status).toBe(400);
    });

    it('answers 404 for a lead of an unknown product', async () => {
      const v = await bridgeVendor(t);
      const res = await t.request('/api/user/fluent/leads', { method: 'POST', headers: v.vendor, json: { product: 'nope', domain: 'x.com', email: 'a@b.test' } });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('Product not found.');
    });

    it('keeps a token carried over from another server, and refuses one already in use', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const imported = '$2y$10$abcdefghijklmnopqrstuv.0123456789ABCDEFGHIJKLMNOPQRS';
      const res = await t.request('/api/user/fluent/leads', { method: 'POST', headers: s.vendor, json: { product: s.slug, domain: 'example.com', email: 'a@b.test', token: imported } });
      expect(res.status).toBe(201);
      expect(res.body.token).toBe(imported);
      expect((await bridge(t, imported, '/api/v1/license/free-trial', { site_url: freshSite(), email: 'a@b.test' })).status).toBe(200);
      const again = await t.request('/api/user/fluent/leads', { method: 'POST', headers: s.vendor, json: { product: s.slug, domain: 'x.com', email: 'a@b.test', token: imported } });
      expect(again.status).toBe(400);
      expect(again.body.errors.token).toBeDefined();
    });

    it('stores lead tokens encrypted, with a blind index', async () => {
      const s = await bridgeSetup(t, store, { trial: false });
      const rows: Array<Record<string, unknown>> = await ds.query('SELECT * FROM fluent_leads WHERE id = ?', [s.leadId]);
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(s.token);
      expect(String(rows[0].token_ciphertext)).toMatch(/^v1\./);
      expect(String(rows[0].token_blind_index)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('tenant isolation', () => {
    it("never shows or changes another tenant's products, popup messages or leads", async () => {
      const a = await bridgeSetup(t, store);
      const b = await bridgeVendor(t);
      expect((await t.request(`/api/user/fluent/products/${a.slug}`, { headers: b.vendor })).status).toBe(404);
      expect((await t.request(`/api/user/fluent/products/${a.slug}`, { method: 'PATCH', headers: b.vendor, json: { is_active: false } })).status).toBe(404);
      expect((await t.request(`/api/user/fluent/products/${a.slug}`, { method: 'DELETE', headers: b.vendor })).status).toBe(404);
      expect((await t.request(`/api/user/fluent/products/${a.slug}/popup-messages`, { method: 'POST', headers: b.vendor, json: { type: 'x', message: 'y' } })).status).toBe(404);
      expect((await t.request(`/api/user/fluent/leads/${a.leadId}`, { headers: b.vendor })).status).toBe(404);
      expect((await t.request(`/api/user/fluent/leads/${a.leadId}/close`, { method: 'POST', headers: b.vendor })).status).toBe(404);
      expect((await t.request('/api/user/fluent/leads', { headers: b.vendor })).body.data).toEqual([]);
      expect((await t.request('/api/user/fluent/free-trials', { headers: b.vendor })).body.data).toEqual([]);
      expect((await t.request('/api/user/fluent/activations', { headers: b.vendor })).body.data).toEqual([]);
      // A's lead still works: nothing was changed
      expect((await bridge(t, a.token, '/api/v1/license/app-license-check', { site_url: a.site, product: a.slug })).status).toBe(200);
    });

    it("keeps two tenants' products of the same slug, trials and activations apart", async () => {
      const a = await bridgeSetup(t, store, { slug: 'appza' });
      const b = await bridgeSetup(t, store, { slug: 'appza', trial: false });
      // B's lead sees no trial on A's site
      const seen = await bridge(t, b.token, '/api/v1/license/app-license-check', { site_url: a.site, product: 'appza' });
      expect(seen.status).toBe(404);
      // and may start its own trial for that site
      expect((await bridge(t, b.token, '/api/v1/license/free-trial', { site_url: a.site, email: 'b@b.test' })).status).toBe(200);
      // A's activation is not B's record
      const license = store.addLicense({ itemId: 1771 });
      expect((await bridge(t, a.token, '/api/v1/license/activate', { site_url: a.site, license_key: license.key })).status).toBe(200);
      const check = await bridge(t, b.token, '/api/v1/license/check', { site_url: a.site, license_key: license.key });
      expect(check.status).toBe(404);
      const deactivate = await bridge(t, b.token, '/api/v1/license/deactivate', { site_url: a.site, product: 'appza', appza_action: 'license_deactivate', license_key: license.key });
      expect(deactivate.status).toBe(404);
      expect(license.activations.size).toBe(1);
      expect((await bridge(t, b.token, '/api/v1/license/version-check', { license_key: license.key })).status).toBe(404);
    });

    it("does not let a lead use another tenant's product", async () => {
      const a = await bridgeSetup(t, store, { slug: 'only_a' });
      const b = await bridgeSetup(t, store, { slug: 'only_b' });
      const res = await bridge(t, b.token, '/api/v1/license/app-license-check', { site_url: a.site, product: 'only_a' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ product: ['The selected product is invalid.'] });
    });

    it("deleting a tenant deletes its bridge data", async () => {
      const s = await bridgeSetup(t, store);
      await bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: store.addLicense({ itemId: 1771 }).key });
      const res = await t.request(`/api/admin/tenants/${s.tenant.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      for (const table of ['fluent_products', 'fluent_leads', 'fluent_free_trials', 'fluent_activations', 'fluent_license_infos', 'fluent_popup_messages']) {
        const rows = await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`, [s.tenant.id]);
        expect({ table, n: Number(rows[0].n) }).toEqual({ table, n: 0 });
      }
    });
  });
});
