import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, bridgeSetup, FluentStandIn } from './helpers/fluent-stand-in';

/** License API v1: lead-token authorization, where parameters come from, the deployed aliases, Swagger. */
describe('License API v1: authorization, parameters and aliases', () => {
  let t: TestApp;
  let store: FluentStandIn;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  describe('lead token', () => {
    it('answers 401 {status, message} without a token', async () => {
      const res = await t.request('/api/v1/license/check', { method: 'POST', json: { site_url: 'example.com', license_key: 'K' } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ status: 401, message: 'Unauthorized' });
    });

    it('answers 401 for an unknown token, on every endpoint and alias', async () => {
      const routes: Array<[string, string]> = [
        ['POST', '/api/v1/license/activate'],
        ['POST', '/api/v1/license/check'],
        ['POST', '/api/v1/license/version-check'],
        ['POST', '/api/v1/license/app-license-check'],
        ['POST', '/api/v1/license/deactivate'],
        ['POST', '/api/v1/license/free-trial'],
        ['GET', '/api/appza/v1/license/check'],
        ['POST', '/api/appza/v1/license/activate'],
        ['GET', '/api/appza/v1/license/deactivate'],
        ['POST', '/api/appza/v1/license/version/check'],
        ['GET', '/api/appza/v1/app/license-check'],
      ];
      for (const [method, path] of routes) {
        const res = await bridge(t, 'not-a-lead-token-0123456789', path, {}, method);
        expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 401, body: { status: 401, message: 'Unauthorized' } });
      }
    });

    it('accepts the token in appza-hash, lazy-task-hash, fcom-mobile-hash and Authorization: Bearer', async () => {
      const s = await bridgeSetup(t, store);
      const variants: Array<Record<string, string>> = [
        { 'appza-hash': s.token },
        { 'lazy-task-hash': s.token },
        { 'fcom-mobile-hash': s.token },
        { Authorization: `Bearer ${s.token}` },
      ];
      for (const headers of variants) {
        const res = await t.request('/api/v1/license/app-license-check', { method: 'POST', headers, json: { site_url: s.site, product: s.slug } });
        expect({ headers: Object.keys(headers)[0], status: res.status }).toEqual({ headers: Object.keys(headers)[0], status: 200 });
      }
    });

    it('answers 401 for an inactive lead, and accepts it again once resumed', async () => {
      const s = await bridgeSetup(t, store);
      const call = () => bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect((await t.request(`/api/user/fluent/leads/${s.leadId}`, { method: 'PATCH', headers: s.vendor, json: { status: 'inactive' } })).status).toBe(200);
      expect((await call()).status).toBe(401);
      expect((await t.request(`/api/user/fluent/leads/${s.leadId}`, { method: 'PATCH', headers: s.vendor, json: { status: 'active' } })).status).toBe(200);
      expect((await call()).status).toBe(200);
    });

    it('answers 401 for a closed lead at once, and a closed lead cannot be resumed', async () => {
      const s = await bridgeSetup(t, store);
      expect((await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug })).status).toBe(200);
      const closed = await t.request(`/api/user/fluent/leads/${s.leadId}/close`, { method: 'POST', headers: s.vendor });
      expect(closed.status).toBe(200);
      expect(closed.body.data.status).toBe('closed');
      const res = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ status: 401, message: 'Unauthorized' });
      const resume = await t.request(`/api/user/fluent/leads/${s.leadId}`, { method: 'PATCH', headers: s.vendor, json: { status: 'active' } });
      expect(resume.status).toBe(409);
    });

    it("answers 401 for the lead of a suspended tenant", async () => {
      const s = await bridgeSetup(t, store);
      const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      expect((await t.request(`/api/admin/tenants/${s.tenant.id}/suspend`, { method: 'POST', headers: admin })).status).toBe(200);
      expect((await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug })).status).toBe(401);
      expect((await t.request(`/api/admin/tenants/${s.tenant.id}/activate`, { method: 'POST', headers: admin })).status).toBe(200);
      expect((await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug })).status).toBe(200);
    });

    it("does not accept a tenant's User-API-Key or secret key as a lead token", async () => {
      const s = await bridgeSetup(t, store);
      for (const token of [s.tenant.apiKey, s.tenant.secretKeys.validation]) {
        expect((await bridge(t, token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug })).status).toBe(401);
      }
    });

    it('never writes a lead token or license key to the log', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      await bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: license.key });
      await t.request(`/api/appza/v1/license/check?site_url=${encodeURIComponent(s.site)}&license_key=${license.key}`, { headers: { 'appza-hash': s.token } });
      await t.request('/api/v1/license/check', { method: 'POST', headers: { Authorization: `Bearer ${s.token}` }, json: { site_url: s.site, license_key: license.key } });
      const logs = t.logs.join('\n');
      expect(logs).not.toContain(s.token);
      expect(logs).not.toContain(license.key);
    });
  });

  describe('parameters', () => {
    it('reads parameters from a form body', async () => {
      const s = await bridgeSetup(t, store);
      const res = await t.request('/api/v1/license/app-license-check', {
        method: 'POST',
        headers: { 'appza-hash': s.token, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ site_url: s.site, product: s.slug }).toString(),
      });
      expect(res.status).toBe(200);
      expect(res.body.license_type).toBe('free_trial');
    });

    it('reads parameters from the query string of a POST', async () => {
      const s = await bridgeSetup(t, store);
      const qs = new URLSearchParams({ site_url: s.site, product: s.slug }).toString();
      const res = await t.request(`/api/v1/license/app-license-check?${qs}`, { method: 'POST', headers: { 'appza-hash': s.token } });
      expect(res.status).toBe(200);
      expect(res.body.license_type).toBe('free_trial');
    });

    it('lets the body win over the query string', async () => {
      const s = await bridgeSetup(t, store);
      const qs = new URLSearchParams({ site_url: 'https://other.example.org', product: s.slug }).toString();
      const res = await t.request(`/api/v1/license/app-license-check?${qs}`, { method: 'POST', headers: { 'appza-hash': s.token }, json: { site_url: s.site } });
      expect(res.status).toBe(200);
      expect(res.body.data.site_url).toBe(s.site);
    });

    it('answers missing parameters with 422, "Validation Error" and the fields', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/check', {});
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        status: 422,
        message: 'Validation Error',
        errors: { site_url: ['The site url field is required.'], license_key: ['The license key field is required.'] },
      });
    });

    it('answers an unusable site_url with 422 on the site_url field', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/check', { site_url: 'ftp://nope', license_key: 'K' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ site_url: ['The site url must be a valid URL.'] });
    });

    it('answers a parameter of the wrong type with 422, not 500', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/check', { site_url: { a: 1 }, license_key: ['x'] });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['license_key', 'site_url']);
    });

    it('ignores unknown parameters, as the original did', async () => {
      const s = await bridgeSetup(t, store);
      const res = await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug, plugin_version: '1.2.3', foo: 1 });
      expect(res.status).toBe(200);
    });

    it('answers malformed JSON with 400 in the bridge envelope', async () => {
      const s = await bridgeSetup(t, store);
      const res = await t.request('/api/v1/license/check', {
        method: 'POST',
        headers: { 'appza-hash': s.token, 'content-type': 'application/json' },
        body: '{"site_url":',
      });
      expect(res.status).toBe(400);
      expect(res.body.status).toBe(400);
      expect(typeof res.body.message).toBe('string');
    });

    it('answers an unknown route under /api/v1 with the envelope 404', async () => {
      const res = await t.request('/api/v1/license/nope', { method: 'POST' });
      expect(res.status).toBe(404);
      expect(res.body.status).toBe(404);
    });
  });

  describe('deployed aliases', () => {
    it('serves GET /api/appza/v1/license/check, POST /api/appza/v1/license/activate and POST /api/appza/v1/license/version/check', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      const activated = await bridge(t, s.token, '/api/appza/v1/license/activate', { site_url: s.site, license_key: license.key });
      expect(activated.status).toBe(200);
      expect(activated.body.message).toBe('Your License key has been activated successfully.');

      const checked = await bridge(t, s.token, '/api/appza/v1/license/check', { site_url: s.site, license_key: license.key }, 'GET');
      expect(checked.status).toBe(200);
      expect(checked.body.message).toBe('Your License key is valid.');

      const version = await bridge(t, s.token, '/api/appza/v1/license/version/check', { license_key: license.key });
      expect(version.status).toBe(200);
      expect(version.body.message).toBe('License version fetched successfully.');
    });

    it('serves GET /api/appza/v1/app/license-check and GET /api/appza/v1/license/deactivate', async () => {
      const s = await bridgeSetup(t, store);
      const license = store.addLicense({ itemId: 1771 });
      expect((await bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: license.key })).status).toBe(200);

      const app = await bridge(t, s.token, '/api/appza/v1/app/license-check', { site_url: s.site, product: s.slug }, 'GET');
      expect(app.status).toBe(200);
      expect(app.body.license_type).toBe('premium');

      const off = await bridge(
        t,
        s.token,
        '/api/appza/v1/license/deactivate',
        { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: license.key },
        'GET',
      );
      expect(off.status).toBe(200);
      expect(off.body.message).toBe('Your license key has been deactivated.');
    });
  });

  it('documents every endpoint and alias in Swagger with examples', async () => {
    const res = await t.request('/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { examples?: unknown; example?: unknown }> }> }>>;
    const expected: Array<[string, string]> = [
      ['/api/v1/license/activate', 'post'],
      ['/api/v1/license/check', 'post'],
      ['/api/v1/license/version-check', 'post'],
      ['/api/v1/license/app-license-check', 'post'],
      ['/api/v1/license/deactivate', 'post'],
      ['/api/v1/license/free-trial', 'post'],
      ['/api/appza/v1/license/check', 'get'],
      ['/api/appza/v1/license/activate', 'post'],
      ['/api/appza/v1/license/deactivate', 'get'],
      ['/api/appza/v1/license/version/check', 'post'],
      ['/api/appza/v1/app/license-check', 'get'],
      ['/api/user/fluent/products', 'post'],
      ['/api/user/fluent/leads', 'post'],
      ['/api/user/fluent/leads/{id}/close', 'post'],
    ];
    for (const [path, method] of expected) {
      const op = paths[path]?.[method];
      expect({ path, documented: !!op }).toEqual({ path, documented: true });
      const ok = op.responses['200'] ?? op.responses['201'];
      const content = ok?.content?.['application/json'];
      expect({ path, example: !!(content?.examples || content?.example || (content as { schema?: { example?: unknown } })?.schema?.example) }).toEqual({ path, example: true });
    }
  });
});
