import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LogsService } from '../src/logs/logs.service';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp, TestResponse } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridgeSetup, BridgeSetup, FluentStandIn } from './helpers/fluent-stand-in';
import { createLicense, isoIn, licenseFields, meraf, query } from './licenses-support';
import { vendor, zipBytes } from './products-support';

/**
 * Issue 9.1: HEAD never changes anything. HEAD goes to every path of the OpenAPI document, with
 * the real credentials and keys of a seeded tenant in its parameters (so authorization passes where
 * HEAD is served at all); every table is then byte-for-byte what it was. Read-only GETs still
 * answer HEAD with the GET's headers and no body, and a 405's `Allow` lists the methods served.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Headers that differ between any two answers, whatever the method. */
const PER_ANSWER_HEADERS = new Set(['date', 'keep-alive', 'connection']);

type OpenApi = { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };

describe('faults: HEAD requests change nothing (issue 9.1)', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let s: BridgeSetup;
  let doc: OpenApi;
  let licenseKey: string;
  let dueKey: string;
  let downloadToken: string;
  let fileName: string;
  const ids: number[] = [];
  const fileIds: string[] = [];

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    s = await bridgeSetup(t, store, { slug: 'appza' });
    const tenant = s.tenant;
    const v = vendor(t, tenant);
    expect((await v.post('', { name: 'My Plugin' })).status).toBe(201);
    expect((await v.post('/my-plugin/variations', { name: 'pro' })).status).toBe(201);
    expect((await v.post('/my-plugin/versions', { version: '1.0.0' })).status).toBe(201);
    fileName = 'my-plugin-1.0.0.zip';
    expect((await v.upload('/my-plugin/versions/1.0.0/files', fileName, zipBytes(4096))).status).toBe(201);
    const files = await v.get('/my-plugin/files');
    for (const f of files.body.data ?? files.body.files ?? []) fileIds.push(String(f.id));

    licenseKey = await createLicense(t, tenant, { product_ref: 'My Plugin', max_allowed_domains: 3 });
    expect((await meraf(t, tenant).register('domain', 'registered.example.com', licenseKey)).body.error_code).toBe(300);
    expect((await meraf(t, tenant).register('device', 'registered-device', licenseKey)).body.error_code).toBe(300);
    // a subscription whose expiry has passed: the auto-expiry job would change it
    dueKey = await createLicense(t, tenant, { product_ref: 'My Plugin', license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: isoIn(-1) });

    const offered = await t.request(`/api/product/download-url/my-plugin/${tenant.secretKeys.validation}/${licenseKey}?domain=registered.example.com`);
    expect(offered.body.result).toBe('success');
    downloadToken = new URL(offered.body.files[0].download_url).pathname.split('/')[3];

    const popup = await t.request(`/api/user/fluent/products/${s.slug}/popup-messages`, { method: 'POST', headers: s.vendor, json: { type: 'notice', message: 'Hello' } });
    expect(popup.status).toBe(201);
    const rule = await t.request('/api/admin/ip-rules', { method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, json: { type: 'deny', ip: '203.0.113.0/24' } });
    expect(rule.status).toBe(201);
    ids.push(s.leadId, tenant.id, popup.body.data.id, rule.body.rule.id);

    doc = (await t.request('/docs-json')).body;
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  /** Row count and a digest of every row of every table (buffered logs written first). */
  async function snapshot(): Promise<Record<string, { rows: number; digest: string }>> {
    await t.app.get(LogsService).flush();
    const ds = t.app.get(DataSource);
    const tables: string[] =
      ds.options.type === 'mysql'
        ? (await ds.query('SHOW TABLES')).map((r: Record<string, string>) => Object.values(r)[0])
        : (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: { name: string }) => r.name);
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const table of tables.sort()) {
      const rows: unknown[] = await ds.query(`SELECT * FROM ${ds.driver.escape(table)}`);
      const lines = rows.map((r) => JSON.stringify(r)).sort();
      out[table] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
    }
    return out;
  }

  /** Real values for each path parameter (several where a name means different things on different routes). */
  function paramValues(name: string): string[] {
    const k = s.tenant.secretKeys;
    const values: Record<string, string[]> = {
      secret: [k.creation, k.validation, k.activation, k.management, k.general],
      key: [licenseKey, dueKey],
      license_key: [licenseKey],
      type: ['domain', 'device'],
      name: ['registered.example.com', 'registered-device', 'fresh.example.com'],
      option: ['all'],
      product: ['my-plugin', 'My Plugin'],
      product_name: ['my-plugin'],
      purchase_id: ['purchase123'],
      txn: ['txn123'],
      slug: [s.slug],
      id: ids.map(String),
      variation: ['pro'],
      version: ['1.0.0'],
      file: fileIds.length ? fileIds : [fileName],
      token: [downloadToken],
      file_name: [fileName],
    };
    if (!values[name]) throw new Error(`no test value for path parameter {${name}}: add one`);
    return values[name];
  }

  /** Every concrete URL of a documented path: each combination of parameter values, with its documented query. */
  function urlsOf(path: string): string[] {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    let urls = [path];
    for (const name of names) urls = urls.flatMap((u) => paramValues(name).map((v) => u.replace(`{${name}}`, encodeURIComponent(v))));
    return urls.map((u) => `${u}${queryOf(path) ? `?${queryOf(path)}` : ''}`);
  }

  /** The documented query string with real values: what would make the GET act if HEAD reached it. */
  function queryOf(path: string): string {
    if (path.includes('/create/')) return query(licenseFields({ product_ref: 'My Plugin' }));
    const known: Record<string, string> = {
      site_url: s.site,
      license_key: licenseKey,
      product: s.slug,
      appza_action: 'license_deactivate',
      t: 'My Plugin',
      s: licenseKey,
      d: 'registered.example.com',
      domain: 'registered.example.com',
    };
    const documented = new Set(Object.values(doc.paths[path]).flatMap((op) => (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)));
    return query(Object.fromEntries(Object.entries(known).filter(([name]) => documented.has(name))));
  }

  function credentials(path: string): Record<string, string> {
    const headers: Record<string, string> = { 'User-API-Key': s.tenant.apiKey, 'appza-hash': s.token };
    if (path.startsWith('/api/admin/')) headers.Authorization = `Bearer ${TEST_ADMIN_TOKEN}`;
    return headers;
  }

  const headersOf = (res: TestResponse) =>
    Object.fromEntries([...res.headers.entries()].filter(([name]) => !PER_ANSWER_HEADERS.has(name)));

  it('sends HEAD to every documented path and no table changes', async () => {
    const before = await snapshot();
    const served: string[] = [];
    const refused: string[] = [];
    for (const path of Object.keys(doc.paths)) {
      for (const url of urlsOf(path)) {
        const res = await t.request(url, { method: 'HEAD', headers: credentials(path) });
        expect({ url, body: res.text }).toEqual({ url, body: '' });
        if (res.status === 405) {
          expect({ url, allow: res.headers.get('allow')?.split(', ') }).not.toEqual({ url, allow: expect.arrayContaining(['HEAD']) });
          refused.push(path);
        } else {
          served.push(path);
        }
      }
    }
    expect(await snapshot()).toEqual(before);

    // the routes that create, register, unregister, delete, validate (logged) or run jobs do not answer HEAD at all
    for (const path of [
      '/api/license/create/{secret}/data',
      '/api/license/validate/{secret}/{key}',
      '/api/license/delete/{option}/{secret}/{key}',
      '/api/license/register/{type}/{name}/{secret}/{key}',
      '/api/license/unregister/{type}/{name}/{secret}/{key}',
      '/validate',
      '/cron/run/autoexpiry-license',
      '/api/appza/v1/license/check',
      '/api/appza/v1/license/deactivate',
      '/api/appza/v1/app/license-check',
    ]) {
      expect({ path, served: served.includes(path) }).toEqual({ path, served: false });
      expect({ path, refused: refused.includes(path) }).toEqual({ path, refused: true });
    }
    // and read-only ones do, authorized (status 200 for at least one combination of values)
    for (const path of ['/health', '/api/license/config/{secret}', '/api/license/data-by-key/{secret}/{key}', '/api/user/settings', '/api/download/{token}']) {
      expect({ path, served: served.includes(path) }).toEqual({ path, served: true });
    }
  });

  it('the snapshot would have seen it: the same requests as GET do change tables', async () => {
    const before = await snapshot();
    const res = await t.request(`/api/license/register/domain/fresh.example.com/${s.tenant.secretKeys.activation}/${licenseKey}`);
    expect(res.body.error_code).toBe(300);
    expect(await snapshot()).not.toEqual(before);
  });

  it('answers HEAD on a read-only GET with the GET headers and no body', async () => {
    const k = s.tenant.secretKeys;
    const user = { 'User-API-Key': s.tenant.apiKey };
    for (const [url, headers] of [
      ['/health', {}],
      ['/api/license/generate', {}],
      [`/api/license/config/${k.general}`, {}],
      [`/api/license/data-by-key/${k.general}/${licenseKey}`, {}],
      [`/api/product/files/my-plugin/${k.general}`, {}],
      ['/api/user/products/my-plugin', user],
      [`/api/download/${downloadToken}`, {}],
    ] as Array<[string, Record<string, string>]>) {
      const get = await t.request(url, { headers });
      const head = await t.request(url, { method: 'HEAD', headers });
      expect({ url, status: get.status }).toEqual({ url, status: 200 });
      expect({ url, status: head.status, body: head.text }).toEqual({ url, status: 200, body: '' });
      const volatile = url === '/api/license/generate' ? ['content-length'] : []; // a fresh random key each time: same type, maybe another length
      const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([n]) => !volatile.includes(n)));
      expect({ url, headers: strip(headersOf(head)) }).toEqual({ url, headers: strip(headersOf(get)) });
    }
  });

  it("lists in a 405's Allow exactly the methods the path serves, HEAD only where it is served", async () => {
    let checked = 0;
    for (const path of Object.keys(doc.paths)) {
      // bogus credentials and keys: every served method stops at authorization or lookup, nothing changes
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'type' ? 'domain' : name === 'option' ? 'all' : `x${name}x`));
      const status: Record<string, number> = {};
      const allow: Record<string, string | null> = {};
      for (const method of METHODS) {
        const res = await t.request(url, { method, ...(method === 'GET' || method === 'HEAD' ? {} : { json: {} }) });
        status[method] = res.status;
        allow[method] = res.headers.get('allow');
      }
      const servedMethods = METHODS.filter((m) => status[m] !== 405);
      expect({ path, served: servedMethods.length > 0 }).toEqual({ path, served: true });
      for (const method of METHODS.filter((m) => status[m] === 405)) {
        expect({ path, method, allow: allow[method] }).toEqual({ path, method, allow: servedMethods.join(', ') });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
