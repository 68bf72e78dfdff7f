import { startTestApp, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, bridgeVendor, BridgeVendor, createLead, FluentStandIn, putProduct } from './helpers/fluent-stand-in';

const UNAUTHORIZED = { status: 401, message: 'Unauthorized' };

type Route = { method: 'GET' | 'POST'; path: string };
type Kind = 'free-trial' | 'app-license-check' | 'version-check' | 'deactivate' | 'activate' | 'check';

/** What a route does, from its path (the aliases spell some names differently). */
function kindOf(path: string): Kind {
  if (path.endsWith('/free-trial')) return 'free-trial';
  if (/license-check$/.test(path)) return 'app-license-check';
  if (/version[-/]check$/.test(path)) return 'version-check';
  if (path.endsWith('/deactivate')) return 'deactivate';
  if (path.endsWith('/activate')) return 'activate';
  if (path.endsWith('/check')) return 'check';
  throw new Error(`unknown lead-token route ${path}`);
}

/**
 * A lead's token acts only on the lead's domain (issue 9.9; the original's authorization checked
 * the lead's domain): every License API v1 route that takes a lead token refuses another site
 * with 401 and changes nothing, while the lead's own domain and its subdomains keep working.
 */
describe("License API v1: a lead's token is bound to its domain", () => {
  let t: TestApp;
  let store: FluentStandIn;
  let v: BridgeVendor;
  let lead: string;
  let other: string;
  let routes: Route[];
  let evilLicense: string;
  const trials = async () => (await t.request('/api/user/fluent/free-trials', { headers: v.vendor })).body.data as Array<Record<string, any>>;
  const activations = async () => (await t.request('/api/user/fluent/activations', { headers: v.vendor })).body.data as Array<Record<string, any>>;

  /** Parameters a route of `kind` needs for `site` (everything valid but, maybe, the site). */
  const params = (kind: Kind, site: string, licenseKey: string): Record<string, string> =>
    ({
      'free-trial': { site_url: site, product: 'appza', email: 'owner@example.com', name: 'Owner' },
      'app-license-check': { site_url: site, product: 'appza' },
      'version-check': { site_url: site, license_key: licenseKey },
      deactivate: { site_url: site, product: 'appza', appza_action: 'license_deactivate', license_key: licenseKey },
      activate: { site_url: site, license_key: licenseKey },
      check: { site_url: site, license_key: licenseKey },
    })[kind];

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    v = await bridgeVendor(t);
    await putProduct(t, v, 'appza', { api_url: store.url, item_id: 1771 });
    lead = (await createLead(t, v, 'appza', 'example.com')).token;
    // another lead of the same vendor and product, whose site has a trial and an activation
    other = (await createLead(t, v, 'appza', 'evil.test')).token;
    evilLicense = store.addLicense({ itemId: 1771 }).key;
    expect((await bridge(t, other, '/api/v1/license/free-trial', params('free-trial', 'https://evil.test', ''))).status).toBe(200);
    expect((await bridge(t, other, '/api/v1/license/activate', params('activate', 'https://evil.test', evilLicense))).status).toBe(200);

    // every route that takes a lead token, from the OpenAPI document
    const doc = (await t.request('/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.parameters?.some((p) => p.in === 'header' && p.name === 'appza-hash'))
        .map(([method]) => ({ method: method.toUpperCase() as Route['method'], path })),
    );
    expect(routes.length).toBe(11);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('refuses another site on every route with 401 Unauthorized, calls no store and changes nothing', async () => {
    store.reset();
    const trialsBefore = await trials();
    const activationsBefore = await activations();
    const foreign = ['https://evil.test', 'evil.test', 'http://evil.test/wp-admin', 'https://example.com.evil.test', 'https://notexample.com', 'https://com'];
    for (const route of routes) {
      for (const site of foreign) {
        const res = await bridge(t, lead, route.path, params(kindOf(route.path), site, evilLicense), route.method);
        expect({ route: `${route.method} ${route.path}`, site, status: res.status, body: res.body }).toEqual({
          route: `${route.method} ${route.path}`,
          site,
          status: 401,
          body: UNAUTHORIZED,
        });
      }
    }
    // the plugin_delete action too
    const del = await bridge(t, lead, '/api/v1/license/deactivate', { site_url: 'https://evil.test', product: 'appza', appza_action: 'plugin_delete' });
    expect({ status: del.status, body: del.body }).toEqual({ status: 401, body: UNAUTHORIZED });

    expect(store.requests).toEqual([]);
    expect(await trials()).toEqual(trialsBefore);
    expect(await activations()).toEqual(activationsBefore);
    expect((await trials()).find((x) => x.site_url === 'https://evil.test')).toMatchObject({ status: 'active' });
    // the site's own lead still has it all
    const own = await bridge(t, other, '/api/v1/license/check', params('check', 'https://evil.test', evilLicense));
    expect(own.status).toBe(200);
  });

  it('version-check without site_url looks only at activations on the lead\'s domain', async () => {
    const res = await bridge(t, lead, '/api/v1/license/version-check', { license_key: evilLicense });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(
      (await bridge(t, lead, '/api/v1/license/version-check', { license_key: 'FC-NEVER-ACTIVATED' })).body.message,
    );
    const own = await bridge(t, other, '/api/v1/license/version-check', { license_key: evilLicense });
    expect(own.status).toBe(200);
    expect(own.body.version_data).toMatchObject({ new_version: '2.1.0' });
  });

  it("works on the lead's own domain and its subdomains, on every route", async () => {
    const used = new Set<string>();
    const call = async (route: Route, site: string, licenseKey: string, expected: string) => {
      used.add(`${route.method} ${route.path}`);
      const res = await bridge(t, lead, route.path, params(kindOf(route.path), site, licenseKey), route.method);
      expect({ route: `${route.method} ${route.path}`, site, status: res.status, message: res.body.message }).toEqual({
        route: `${route.method} ${route.path}`,
        site,
        status: 200,
        message: expected,
      });
    };
    const byKind = (kind: Kind, alias: boolean) => {
      const found = routes.filter((r) => kindOf(r.path) === kind && (kind === 'free-trial' || r.path.startsWith('/api/appza/') === alias));
      expect(found).toHaveLength(1);
      return found[0];
    };
    // the documented routes on the domain itself, the deployed aliases on a subdomain (given with www. and a path)
    for (const [alias, site] of [
      [false, 'https://example.com'],
      [true, 'https://shop.example.com'],
    ] as const) {
      const key = store.addLicense({ itemId: 1771 }).key;
      await call(byKind('free-trial', alias), site, key, 'Your free trial has been started successfully.');
      await call(byKind('app-license-check', alias), site, key, 'Your free trial license is valid.');
      await call(byKind('activate', alias), `${site}/wp-admin`, key, 'Your License key has been activated successfully.');
      await call(byKind('check', alias), site, key, 'Your License key is valid.');
      await call(byKind('version-check', alias), site, key, 'License version fetched successfully.');
      await call(byKind('app-license-check', alias), site, key, 'Your premium license key is valid.');
      await call(byKind('deactivate', alias), site, key, 'Your license key has been deactivated.');
    }
    expect([...used].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    // a lead for www.example.com is the same domain
    const www = (await createLead(t, v, 'appza', 'www.example.com')).token;
    const res = await bridge(t, www, '/api/v1/license/app-license-check', { site_url: 'example.com', product: 'appza' });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 200, message: 'Your free trial license is valid.' });
  });

  it('a lead must name a site: a domain that is no host name is refused when the lead is created', async () => {
    for (const domain of ['javascript:alert(1)', 'not a domain', 'ftp://example.com']) {
      const res = await t.request('/api/user/fluent/leads', { method: 'POST', headers: v.vendor, json: { product: 'appza', domain, email: 'a@b.test' } });
      expect({ domain, status: res.status, errors: res.body.errors }).toEqual({ domain, status: 400, errors: { domain: ['domain must be the host name of the site (e.g. example.com)'] } });
    }
  });
});
