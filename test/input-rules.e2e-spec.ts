import { DataSource } from 'typeorm';
import { CanonicalProductRefs1763800013000 } from '../src/database/migrations/1763800013000-canonical-product-refs';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, isoIn, LICENSE_TEST_ENV, licenseFields, meraf } from './licenses-support';
import { vendor, zipBytes } from './products-support';

/**
 * Issue 13, "Matching and input that refuse real customers": one rule for product references,
 * versions as WordPress plugins write them, names as people write them, DataTables sorting, and
 * no new license that is already past its expiry. (The License API v1 premium activation without
 * a free trial is in test/bridge-premium and test/contract-bridge.)
 */
describe('input rules: matching and input that real customers send', () => {
  let t: TestApp;
  let a: TestTenant;
  let api: ReturnType<typeof meraf>;
  let v: ReturnType<typeof vendor>;

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    a = await createTenant(t);
    api = meraf(t, a);
    v = vendor(t, a);
  });
  afterAll(async () => t?.close());

  const userCreate = (tenant: TestTenant, json: Record<string, unknown>) =>
    t.request('/api/user/licenses', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json });
  const stored = async (key: string) => (await api.validate(key)).body as Record<string, any>;

  describe('product_ref: the slug without regard to case, the name as an alias, stored as the slug', () => {
    let later: string;
    beforeAll(async () => {
      // a license made while the tenant had no products keeps its reference as typed
      later = await createLicense(t, a, { product_ref: 'Later Tool', purchase_id_: 'P-LATER' });
      expect((await v.post('', { name: 'My Plugin' })).status).toBe(201);
      expect((await v.post('/my-plugin/variations', { name: 'Pro Plus' })).status).toBe(201);
      expect((await v.post('', { name: 'Later Tool' })).status).toBe(201);
    });

    it('stores the slug whatever spelling create was given (GET, POST and the tenant route)', async () => {
      for (const ref of ['My Plugin', 'MY PLUGIN', 'my-plugin', 'My-Plugin', '  my plugin ']) {
        const key = await createLicense(t, a, { product_ref: ref });
        expect(await stored(key)).toMatchObject({ product_ref: 'my-plugin', item_reference: 'my-plugin' });
      }
      const get = await api.createGet(licenseFields({ product_ref: 'MY-PLUGIN' }));
      expect((await stored(get.body.key)).product_ref).toBe('my-plugin');
      const user = await userCreate(a, { license_type: 'lifetime', first_name: 'A', last_name: 'B', email: 'a@example.com', product_ref: 'My Plugin' });
      expect(user.status).toBe(200);
      expect(user.body.license).toMatchObject({ product_ref: 'my-plugin', item_reference: 'my-plugin' });
    });

    it('stores "<slug> <variation slug>" for a variation, and an item_reference that names a product as its slug', async () => {
      const key = await createLicense(t, a, { product_ref: 'My Plugin pro plus', item_reference: 'LATER TOOL' });
      expect(await stored(key)).toMatchObject({ product_ref: 'my-plugin pro-plus', item_reference: 'later-tool' });
      const free = await createLicense(t, a, { product_ref: 'my-plugin', item_reference: 'SKU-42' });
      expect((await stored(free)).item_reference).toBe('SKU-42');
    });

    it('stores the slug on edit', async () => {
      const key = await createLicense(t, a, { product_ref: 'later-tool' });
      const res = await api.edit({ license_key: key, product_ref: 'MY PLUGIN' });
      expect(res.body.code).toBe(240);
      expect(await stored(key)).toMatchObject({ product_ref: 'my-plugin', item_reference: 'my-plugin' });
    });

    it("lists the tenant's products (slugs) when product_ref names none, in the contract's error shape", async () => {
      const res = await api.createPost(licenseFields({ product_ref: 'My Plugn' }));
      expect(res.status).toBe(400);
      const message = "product_ref is not one of the tenant's products (later-tool, my-plugin)";
      expect(res.body).toEqual({ result: 'error', message: { product_ref: message }, errors: { product_ref: [message] }, error_code: 10 });
      const key = await createLicense(t, a, { product_ref: 'my-plugin' });
      const edit = await api.edit({ license_key: key, product_ref: 'nope' });
      expect(edit.body).toMatchObject({ result: 'error', error_code: 220, errors: { product_ref: [message] } });
    });

    it('/validate?t= accepts the slug in any case and the name', async () => {
      const key = await createLicense(t, a, { product_ref: 'my-plugin' });
      expect((await api.register('domain', 'shop.example', key)).body.error_code).toBe(300);
      for (const product of ['my-plugin', 'MY-PLUGIN', 'My Plugin', ' my plugin ']) {
        expect({ product, body: (await api.routine({ t: product, s: key, d: 'shop.example' })).body }).toEqual({ product, body: '1' });
      }
      for (const product of ['later-tool', 'my-plugin pro-plus', 'my_plugin']) {
        expect({ product, body: (await api.routine({ t: product, s: key, d: 'shop.example' })).body }).toEqual({ product, body: '0' });
      }
    });

    it('/validate?t= and the data lookup match a reference stored before the product existed', async () => {
      expect((await api.register('domain', 'later.example', later)).body.error_code).toBe(300);
      expect((await api.routine({ t: 'later-tool', s: later, d: 'later.example' })).body).toBe('1');
      expect((await api.routine({ t: 'LATER TOOL', s: later, d: 'later.example' })).body).toBe('1');
      const res = await api.data('P-LATER', 'later-tool');
      expect(res.status).toBe(200);
      expect(res.body.license_key).toBe(later);
    });

    it('the data lookup finds a license by the slug in any case or by the name', async () => {
      const key = await createLicense(t, a, { product_ref: 'My Plugin', purchase_id_: 'P-777', txn_id: 'T-777' });
      for (const product of ['my-plugin', 'MY-PLUGIN', 'My Plugin']) {
        const res = await api.data('P-777', product);
        expect({ product, status: res.status, key: res.body.license_key }).toEqual({ product, status: 200, key });
      }
      expect((await api.dataByTxn('T-777', 'My Plugin')).body.license_key).toBe(key);
      expect((await api.data('P-777', 'later-tool')).body.license_key).toBeUndefined();
    });

    it('lets a product be renamed while licenses reference it: they store its slug', async () => {
      expect((await v.post('', { name: 'Rename Me' })).status).toBe(201);
      const key = await createLicense(t, a, { product_ref: 'Rename Me' });
      expect((await v.patch('/rename-me', { name: 'Renamed' })).status).toBe(200);
      expect((await stored(key)).product_ref).toBe('rename-me');
      const slug = await v.patch('/rename-me', { slug: 'renamed' });
      expect(slug.status).toBe(409);
      expect(slug.body.licenses).toBe(1);
    });

    it('the migration rewrites stored references that name a product to the canonical form, and leaves the rest', async () => {
      const ds = t.app.get(DataSource);
      const keys: Record<string, string> = {};
      for (const ref of ['My Plugin', 'MY-PLUGIN', 'my plugin pro plus', 'MY-PLUGIN Pro-Plus', 'Unknown Thing', 'my-plugin']) {
        keys[ref] = await createLicense(t, a, { product_ref: 'later-tool' });
        // a row as an older version of the server wrote it: product_ref and item_reference as typed
        await ds.query('UPDATE licenses SET product_ref = ?, item_reference = ? WHERE license_key = ?', [ref, ref, keys[ref]]);
      }
      const b = await createTenant(t);
      const otherTenant = await createLicense(t, b, { product_ref: 'My Plugin' }); // tenant b has no such product
      const runner = ds.createQueryRunner();
      try {
        await new CanonicalProductRefs1763800013000().up(runner);
      } finally {
        await runner.release();
      }
      const refs = async (key: string) => (await ds.query('SELECT product_ref, item_reference FROM licenses WHERE license_key = ?', [key]))[0];
      expect(await refs(keys['My Plugin'])).toEqual({ product_ref: 'my-plugin', item_reference: 'my-plugin' });
      expect(await refs(keys['MY-PLUGIN'])).toEqual({ product_ref: 'my-plugin', item_reference: 'my-plugin' });
      expect(await refs(keys['my plugin pro plus'])).toEqual({ product_ref: 'my-plugin pro-plus', item_reference: 'my-plugin pro-plus' });
      expect(await refs(keys['MY-PLUGIN Pro-Plus'])).toEqual({ product_ref: 'my-plugin pro-plus', item_reference: 'my-plugin pro-plus' });
      expect(await refs(keys['Unknown Thing'])).toEqual({ product_ref: 'Unknown Thing', item_reference: 'Unknown Thing' });
      expect(await refs(otherTenant)).toEqual({ product_ref: 'My Plugin', item_reference: 'My Plugin' });
    });
  });

  describe('versions: 1.5 and 1.5.0.1 as WordPress plugins write them', () => {
    let key: string;
    beforeAll(async () => {
      expect((await v.post('', { name: 'WP Plugin' })).status).toBe(201);
      key = await createLicense(t, a, { product_ref: 'wp-plugin', current_ver: '1.5', until: '1.5.0.1' });
      expect((await api.register('domain', 'wp.example', key)).body.error_code).toBe(300);
    });

    it('accepts them, orders them (missing numbers are 0, the 4th number after the first three) and picks the highest stable as current', async () => {
      for (const version of ['1.5', '1.4.9.9', '1.5.0.1', '1.5.0.2-beta']) {
        const res = await v.post('/wp-plugin/versions', { version });
        expect({ version, status: res.status }).toEqual({ version, status: 201 });
      }
      const list = await v.get('/wp-plugin/versions');
      expect(list.body.versions.map((x: { version: string; current: boolean }) => [x.version, x.current])).toEqual([
        ['1.5.0.2-beta', false],
        ['1.5.0.1', true],
        ['1.5', false],
        ['1.4.9.9', false],
      ]);
      expect((await v.post('/wp-plugin/versions', { version: '1.10' })).body.version).toMatchObject({ version: '1.10', current: true });
    });

    it('treats 1.5.0 as the release 1.5: a duplicate, and found by either spelling', async () => {
      const dup = await v.post('/wp-plugin/versions', { version: '1.5.0' });
      expect(dup.status).toBe(409);
      expect(dup.body.errors.version).toEqual(['Version 1.5 already exists.']);
      expect((await v.get('/wp-plugin/versions/1.5.0')).body.version).toMatchObject({ version: '1.5' });
    });

    it('serves a download of version 1.5.0.1', async () => {
      expect((await v.upload('/wp-plugin/versions/1.5.0.1/files', 'wp-plugin-1.5.0.1.zip', zipBytes(2048))).status).toBe(201);
      const res = await t.request(`/api/product/download-url/wp-plugin/${a.secretKeys.validation}/${key}?domain=wp.example&version=1.5.0.1`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'success', version: '1.5.0.1' });
      expect(res.body.files.map((f: { name: string }) => f.name)).toEqual(['wp-plugin-1.5.0.1.zip']);
    });

    it('keeps the license fields current_ver and until as given', async () => {
      expect(await stored(key)).toMatchObject({ current_ver: '1.5', until: '1.5.0.1' });
    });
  });

  describe('names: what people and companies are called', () => {
    const NAMES: Array<[string, string, string]> = [
      ['John', '3rd', 'Ops & Co.'],
      ['Anne (Ops)', 'Smith', 'Anne (Ops) Ltd'],
      ['José', 'Núñez', 'Núñez y Cía'],
      ['小龙', '李', '李小龙有限公司'],
      ['Mary', "O'Brien-Smith", "O'Brien, Smith & Partners"],
    ];

    it.each(NAMES)('creates a license for %s %s (%s) on every create route', async (first, last, company) => {
      const fields = { first_name: first, last_name: last, company_name: company, product_ref: 'my-plugin' };
      const post = await api.createPost(licenseFields(fields));
      expect({ status: post.status, code: post.body.code, errors: post.body.errors }).toEqual({ status: 200, code: 400, errors: undefined });
      expect(await stored(post.body.key)).toMatchObject({ first_name: first, last_name: last, company_name: company });
      const get = await api.createGet(licenseFields(fields));
      expect(get.body.code).toBe(400);
      const user = await userCreate(a, { license_type: 'lifetime', email: 'x@example.com', ...fields });
      expect(user.body.code).toBe(400);
    });

    it('accepts them on edit', async () => {
      const key = await createLicense(t, a, { product_ref: 'my-plugin' });
      const res = await api.edit({ license_key: key, first_name: 'Anne (Ops)', last_name: 'José Núñez 3rd', company_name: '李小龙' });
      expect(res.body.code).toBe(240);
      expect(await stored(key)).toMatchObject({ first_name: 'Anne (Ops)', last_name: 'José Núñez 3rd', company_name: '李小龙' });
    });

    it('still refuses markup, control characters and overlong names', async () => {
      for (const first_name of ['<script>alert(1)</script>', 'Jo\u0007hn', 'a'.repeat(101)]) {
        const res = await api.createPost(licenseFields({ first_name, product_ref: 'my-plugin' }));
        expect({ first_name, status: res.status, fields: Object.keys(res.body.errors ?? {}) }).toEqual({ first_name, status: 400, fields: ['first_name'] });
      }
    });
  });

  describe('the license list: DataTables order', () => {
    let s: TestTenant;
    const keys: Record<string, string> = {};
    beforeAll(async () => {
      s = await createTenant(t);
      for (const [email, type] of [['carol@example.com', 'trial'], ['alice@example.com', 'lifetime'], ['Bob@example.com', 'subscription']]) {
        keys[email] = await createLicense(t, s, { email, license_type: type, billing_length: 1, billing_interval: 'years', date_expiry: isoIn(30) });
      }
    });
    const dt = (order: Record<string, string>) =>
      new URLSearchParams({
        draw: '3',
        start: '0',
        length: '10',
        'columns[0][data]': 'license_key',
        'columns[1][data]': 'email',
        'columns[2][data]': 'license_type',
        'columns[3][data]': 'actions',
        'columns[3][orderable]': 'false',
        'search[value]': '',
        ...order,
      }).toString();
    const emails = async (order: Record<string, string>) => {
      const res = await meraf(t, s).list(dt(order));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ draw: 3, recordsTotal: 3, recordsFiltered: 3 });
      return res.body.data.map((r: { email: string }) => r.email);
    };

    it('sorts by the column order[0][column] names, in order[0][dir], text without regard to case', async () => {
      expect(await emails({ 'order[0][column]': '1', 'order[0][dir]': 'asc' })).toEqual(['alice@example.com', 'Bob@example.com', 'carol@example.com']);
      expect(await emails({ 'order[0][column]': '1', 'order[0][dir]': 'desc' })).toEqual(['carol@example.com', 'Bob@example.com', 'alice@example.com']);
      expect(await emails({ 'order[0][column]': '2', 'order[0][dir]': 'asc' })).toEqual(['alice@example.com', 'Bob@example.com', 'carol@example.com']);
    });

    it('pages in the sort order', async () => {
      const res = await meraf(t, s).list(dt({ 'order[0][column]': '1', 'order[0][dir]': 'asc' }).replace('start=0', 'start=1').replace('length=10', 'length=1'));
      expect(res.body.data.map((r: { email: string }) => r.email)).toEqual(['Bob@example.com']);
    });

    it('ignores an order it cannot apply (unknown or unsortable column, odd direction): newest first, no error', async () => {
      const newest = ['Bob@example.com', 'alice@example.com', 'carol@example.com'];
      expect(await emails({})).toEqual(newest);
      expect(await emails({ 'order[0][column]': '3', 'order[0][dir]': 'asc' })).toEqual(newest);
      expect(await emails({ 'order[0][column]': '9', 'order[0][dir]': 'asc' })).toEqual(newest);
      expect(await emails({ 'order[0][column]': '1', 'order[0][dir]': 'upwards' })).toEqual(newest);
      expect(await emails({ 'order[0][column]': '1; DROP TABLE licenses', 'order[0][dir]': 'asc' })).toEqual(newest);
    });
  });

  describe('create: no new license that is already past its expiry', () => {
    const past = { license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: isoIn(-1) };

    it.each(['active', 'pending', 'blocked'])('refuses a %s subscription or trial whose date_expiry has passed (error_code 10, date_expiry)', async (status) => {
      for (const fields of [past, { license_type: 'trial', date_expiry: isoIn(-1) }]) {
        const post = await api.createPost(licenseFields({ ...fields, license_status: status, product_ref: 'my-plugin' }));
        expect(post.status).toBe(400);
        expect(post.body).toMatchObject({ result: 'error', error_code: 10, errors: { date_expiry: [expect.stringMatching(/future/)] } });
        expect(Object.keys(post.body.errors)).toEqual(['date_expiry']);
        const get = await api.createGet(licenseFields({ ...fields, license_status: status, product_ref: 'my-plugin' }));
        expect(get.body.error_code).toBe(10);
      }
      const user = await userCreate(a, { ...past, license_status: status, first_name: 'A', last_name: 'B', email: 'a@example.com', product_ref: 'my-plugin' });
      expect(user.status).toBe(400);
      expect(user.body.errors).toHaveProperty('date_expiry');
    });

    it('accepts it when the license is created as expired, and ignores it on a lifetime license', async () => {
      const expired = await api.createPost(licenseFields({ ...past, license_status: 'expired', product_ref: 'my-plugin' }));
      expect(expired.body.code).toBe(400);
      expect((await stored(expired.body.key)).status).toBe('expired');
      const lifetime = await api.createPost(licenseFields({ license_type: 'lifetime', date_expiry: isoIn(-1), product_ref: 'my-plugin' }));
      expect(lifetime.body.code).toBe(400);
    });

    it('still lets an edit move the expiry into the past (a license that lapsed)', async () => {
      const key = await createLicense(t, a, { ...past, date_expiry: isoIn(10), product_ref: 'my-plugin' });
      expect((await api.edit({ license_key: key, date_expiry: isoIn(-1) })).body.code).toBe(240);
    });
  });
});
