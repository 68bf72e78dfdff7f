import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { vendor, zipBytes } from './products-support';

describe('products: catalogue, variations, versions and information routes', () => {
  let t: TestApp;
  let a: TestTenant;
  let v: ReturnType<typeof vendor>;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false' } });
    a = await createTenant(t);
    v = vendor(t, a);
  });
  afterAll(async () => t.close());

  const info = (path: string, tenant = a) => t.request(path.replace('{secret}', tenant.secretKeys.general));

  describe('the information routes before any product exists', () => {
    it('answer RETURNED_EMPTY (error_code 204) with HTTP 200', async () => {
      for (const path of ['/api/info/products/{secret}', '/api/info/products/variations/{secret}', '/api/info/products/versions/{secret}', '/api/product/changelog/all/{secret}']) {
        const res = await info(path);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ result: 'error', message: 'Requested data is empty', error_code: 204 });
      }
      const alias = await t.request('/api/product/all', { headers: { 'User-API-Key': a.apiKey } });
      expect(alias.body.error_code).toBe(204);
    });
  });

  describe('products', () => {
    it('creates a product with a URL-safe slug derived from its name', async () => {
      const res = await v.post('', { name: 'My Plugin', description: 'Does X.' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ result: 'success', product: { name: 'My Plugin', slug: 'my-plugin', description: 'Does X.' } });
      expect(typeof res.body.product.id).toBe('number');
    });

    it('keeps product names unique per tenant, case-insensitively', async () => {
      const res = await v.post('', { name: 'my plugin' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ result: 'error', error_code: 409, errors: { name: [expect.any(String)] } });
    });

    it('makes a free slug when the derived one is taken, and accepts a chosen slug', async () => {
      const clash = await v.post('', { name: 'My-Plugin!' });
      expect(clash.status).toBe(201);
      expect(clash.body.product.slug).toBe('my-plugin-2');
      const chosen = await v.post('', { name: 'Other Tool', slug: 'other' });
      expect(chosen.body.product.slug).toBe('other');
      const taken = await v.post('', { name: 'Third', slug: 'other' });
      expect(taken.status).toBe(409);
    });

    it('refuses bad names and slugs with the fields listed', async () => {
      for (const body of [{ name: '' }, { name: 'a/b' }, { name: 'all' }, { name: 'x'.repeat(101) }, { name: 'Fine', slug: 'Not A Slug' }, { name: 'Fine', slug: '123' }]) {
        const res = await v.post('', body);
        expect(res.status).toBe(400);
        expect(res.body.result).toBe('error');
        expect(Object.keys(res.body.errors).length).toBeGreaterThan(0);
      }
      const wrongType = await v.post('', { name: 42 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errors.name).toBeDefined();
      const unknownField = await v.post('', { name: 'Fine', colour: 'red' });
      expect(unknownField.status).toBe(400);
    });

    it('reads a product by id, slug or name', async () => {
      const list = await v.get('');
      const id = list.body.products.find((p: { slug: string }) => p.slug === 'my-plugin').id;
      for (const ref of [String(id), 'my-plugin', encodeURIComponent('My Plugin')]) {
        const res = await v.get(`/${ref}`);
        expect(res.status).toBe(200);
        expect(res.body.product).toMatchObject({ id, name: 'My Plugin', variations: [], versions: [] });
      }
      expect((await v.get('/no-such-product')).status).toBe(404);
      expect((await v.get('/999999')).body).toEqual({ result: 'error', message: 'Product not found.', error_code: 404 });
    });

    it('renames a product and keeps its slug', async () => {
      const res = await v.patch('/my-plugin-2', { name: 'Renamed Plugin' });
      expect(res.status).toBe(200);
      expect(res.body.product).toMatchObject({ name: 'Renamed Plugin', slug: 'my-plugin-2' });
      expect((await v.patch('/my-plugin-2', { name: 'Other Tool' })).status).toBe(409);
    });

    it('lists products sorted by name', async () => {
      const res = await v.get('');
      expect(res.body.products.map((p: { name: string }) => p.name)).toEqual(['My Plugin', 'Other Tool', 'Renamed Plugin']);
    });

    it('deletes a product', async () => {
      expect((await v.delete('/my-plugin-2')).body).toEqual({ result: 'success', message: 'Product deleted.' });
      expect((await v.get('/my-plugin-2')).status).toBe(404);
      expect((await v.delete('/my-plugin-2')).status).toBe(404);
    });
  });

  describe('variations', () => {
    it('adds, renames and deletes variations, unique per product', async () => {
      const pro = await v.post('/my-plugin/variations', { name: 'pro' });
      expect(pro.status).toBe(201);
      expect(pro.body.variation).toMatchObject({ name: 'pro', slug: 'pro' });
      expect((await v.post('/my-plugin/variations', { name: 'agency' })).status).toBe(201);
      expect((await v.post('/my-plugin/variations', { name: 'PRO' })).status).toBe(409);
      expect((await v.post('/my-plugin/variations', { name: 'temp' })).status).toBe(201);
      const renamed = await v.patch('/my-plugin/variations/temp', { name: 'personal' });
      expect(renamed.body.variation.name).toBe('personal');
      expect((await v.delete('/my-plugin/variations/personal')).status).toBe(200);
      const list = await v.get('/my-plugin/variations');
      expect(list.body.variations.map((x: { name: string }) => x.name)).toEqual(['agency', 'pro']);
      // a variation is renamed or deleted, not read on its own: the path exists for other methods
      const wrongMethod = await v.get('/my-plugin/variations/none');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('PATCH, DELETE');
    });
  });

  describe('versions and changelog', () => {
    it('refuses what is not a version (1.2 and 1.2.3.4 are versions: test/input-rules)', async () => {
      for (const version of ['1', '01.2.3', 'latest', '1.2.3.', '1.2.3-01', 'not.semver']) {
        const res = await v.post('/my-plugin/versions', { version });
        expect(res.status).toBe(400);
        expect(res.body.errors.version).toBeDefined();
      }
      expect((await v.post('/my-plugin/versions', { version: '1.0.0', release_date: 'yesterday' })).body.errors.release_date).toBeDefined();
    });

    it('adds versions with changelog entries; the highest stable one is current', async () => {
      const first = await v.post('/my-plugin/versions', { version: '1.3.2', changelog: '### Fixed\n- Crash on save', release_date: '2024-12-01' });
      expect(first.status).toBe(201);
      expect(first.body.version).toMatchObject({ version: '1.3.2', current: true, variation: null, changelog: '### Fixed\n- Crash on save' });
      const second = await v.post('/my-plugin/versions', { version: 'v1.4.0', changelog: '### Added\n- Dark mode', release_date: '2025-01-15' });
      expect(second.body.version).toMatchObject({ version: '1.4.0', current: true });
      const beta = await v.post('/my-plugin/versions', { version: '2.0.0-beta.1', changelog: 'Beta' });
      expect(beta.body.version.current).toBe(false);
      const backfill = await v.post('/my-plugin/versions', { version: '1.0.0', changelog: 'First', release_date: '2024-01-01' });
      expect(backfill.body.version.current).toBe(false);
      expect((await v.post('/my-plugin/versions', { version: '1.4.0' })).status).toBe(409);
      const versions = await v.get('/my-plugin/versions');
      expect(versions.body.versions.map((x: { version: string; current: boolean }) => [x.version, x.current])).toEqual([
        ['2.0.0-beta.1', false],
        ['1.4.0', true],
        ['1.3.2', false],
        ['1.0.0', false],
      ]);
    });

    it('keeps a separate current version per variation', async () => {
      const res = await v.post('/my-plugin/versions', { version: '1.5.0', variation: 'pro', changelog: '### Added\n- Pro reports', release_date: '2025-02-01' });
      expect(res.body.version).toMatchObject({ version: '1.5.0', variation: 'pro', current: true });
      expect((await v.get('/my-plugin/versions/1.4.0')).body.version.current).toBe(true);
      expect((await v.get('/my-plugin/versions/1.5.0?variation=pro')).body.version.variation).toBe('pro');
      expect((await v.get('/my-plugin/versions/1.5.0')).status).toBe(404);
    });

    it('edits a changelog entry and moves the current version', async () => {
      const edited = await v.patch('/my-plugin/versions/1.3.2', { changelog: '### Fixed\n- Crash on save (for real)', current: true });
      expect(edited.body.version).toMatchObject({ current: true, changelog: '### Fixed\n- Crash on save (for real)' });
      expect((await v.get('/my-plugin/versions/1.4.0')).body.version.current).toBe(false);
      await v.patch('/my-plugin/versions/1.4.0', { current: true });
    });

    it('deleting the current version makes the highest remaining stable version current', async () => {
      await v.post('/my-plugin/versions', { version: '1.4.1', current: true });
      expect((await v.delete('/my-plugin/versions/1.4.1')).status).toBe(200);
      expect((await v.get('/my-plugin/versions/1.4.0')).body.version.current).toBe(true);
    });
  });

  describe('the documented information routes (general secret key)', () => {
    it('lists product names', async () => {
      const res = await info('/api/info/products/{secret}');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'success', products: ['My Plugin', 'Other Tool'] });
    });

    it('lists products with their variations', async () => {
      const res = await info('/api/info/products/variations/{secret}');
      expect(res.body).toEqual({
        result: 'success',
        products: [
          { name: 'My Plugin', slug: 'my-plugin', variations: ['agency', 'pro'] },
          { name: 'Other Tool', slug: 'other', variations: [] },
        ],
      });
    });

    it('lists current versions; a variation without its own reports the product version', async () => {
      const res = await info('/api/info/products/versions/{secret}');
      expect(res.body).toEqual({
        result: 'success',
        products: [
          { name: 'My Plugin', slug: 'my-plugin', version: '1.4.0', variations: [{ name: 'agency', version: '1.4.0' }, { name: 'pro', version: '1.5.0' }] },
          { name: 'Other Tool', slug: 'other', version: null, variations: [] },
        ],
      });
    });

    it("returns a product's changelog history newest first, by name, slug or case-insensitively", async () => {
      for (const name of ['My%20Plugin', 'my-plugin', 'MY%20PLUGIN']) {
        const res = await info(`/api/product/changelog/${name}/{secret}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ result: 'success', name: 'My Plugin', slug: 'my-plugin', version: '1.4.0', changelog: '### Added\n- Dark mode' });
        expect(res.body.versions.map((x: { version: string }) => x.version)).toEqual(['2.0.0-beta.1', '1.5.0', '1.4.0', '1.3.2', '1.0.0']);
        expect(res.body.versions.find((x: { version: string }) => x.version === '1.3.2')).toEqual({
          version: '1.3.2',
          variation: null,
          date: '2024-12-01 00:00:00',
          current: false,
          changelog: '### Fixed\n- Crash on save (for real)',
        });
      }
    });

    it('accepts "<product> <variation>" and then shows that line with the product line', async () => {
      const res = await info('/api/product/changelog/My%20Plugin%20agency/{secret}');
      expect(res.body.versions.map((x: { version: string }) => x.version)).toEqual(['2.0.0-beta.1', '1.4.0', '1.3.2', '1.0.0']);
    });

    it('returns every product for all, skipping products without versions', async () => {
      const res = await info('/api/product/changelog/all/{secret}');
      expect(res.body.result).toBe('success');
      expect(res.body.products.map((p: { name: string }) => p.name)).toEqual(['My Plugin']);
    });

    it('answers an unknown product with QUERY_NOT_FOUND (error_code 500), and a product without versions with 204', async () => {
      const unknown = await info('/api/product/changelog/Nope/{secret}');
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual({ result: 'error', message: 'Requested product is not existing.', error_code: 500 });
      const empty = await info('/api/product/changelog/other/{secret}');
      expect(empty.body.error_code).toBe(204);
    });

    it('refuses another secret scope or a wrong key with 403', async () => {
      const wrongScope = await t.request(`/api/info/products/${a.secretKeys.validation}`);
      expect(wrongScope.status).toBe(403);
      expect(wrongScope.body).toEqual({ result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 });
      expect((await t.request('/api/product/changelog/all/not-a-secret-key')).status).toBe(403);
    });
  });

  describe('the deployed aliases (User-API-Key header)', () => {
    const alias = (path: string, key = a.apiKey) => t.request(path, { headers: { 'User-API-Key': key } });

    it('answer like the documented routes', async () => {
      expect((await alias('/api/product/all')).body).toEqual((await info('/api/info/products/{secret}')).body);
      expect((await alias('/api/product/with-variations')).body).toEqual((await info('/api/info/products/variations/{secret}')).body);
      expect((await alias('/api/product/current-versions')).body).toEqual((await info('/api/info/products/versions/{secret}')).body);
    });

    it('lists variations with the products that have them', async () => {
      await v.post('/other/variations', { name: 'Pro' });
      const res = await alias('/api/variation/all');
      expect(res.body).toEqual({ result: 'success', variations: [{ name: 'agency', products: ['My Plugin'] }, { name: 'pro', products: ['My Plugin', 'Other Tool'] }] });
    });

    it('require the header', async () => {
      const res = await t.request('/api/product/all');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
    });
  });

  describe('the OpenAPI document', () => {
    it('lists every products and downloads endpoint with a tag, a summary and an example answer', async () => {
      const doc = (await t.request('/docs-json')).body;
      const endpoints: Array<[string, string]> = [
        ['/api/user/products', 'get'],
        ['/api/user/products', 'post'],
        ['/api/user/products/{product}', 'get'],
        ['/api/user/products/{product}', 'patch'],
        ['/api/user/products/{product}', 'delete'],
        ['/api/user/products/{product}/variations', 'get'],
        ['/api/user/products/{product}/variations', 'post'],
        ['/api/user/products/{product}/variations/{variation}', 'patch'],
        ['/api/user/products/{product}/variations/{variation}', 'delete'],
        ['/api/user/products/{product}/versions', 'get'],
        ['/api/user/products/{product}/versions', 'post'],
        ['/api/user/products/{product}/versions/{version}', 'get'],
        ['/api/user/products/{product}/versions/{version}', 'patch'],
        ['/api/user/products/{product}/versions/{version}', 'delete'],
        ['/api/user/products/{product}/versions/{version}/files', 'get'],
        ['/api/user/products/{product}/versions/{version}/files', 'post'],
        ['/api/user/products/{product}/files', 'get'],
        ['/api/user/products/{product}/files/{file}', 'delete'],
        ['/api/info/products/{secret}', 'get'],
        ['/api/info/products/variations/{secret}', 'get'],
        ['/api/info/products/versions/{secret}', 'get'],
        ['/api/product/changelog/{product_name}/{secret}', 'get'],
        ['/api/product/files/{product_name}/{secret}', 'get'],
        ['/api/product/packages/{product_name}/{secret}', 'get'],
        ['/api/product/download-url/{product_name}/{secret}/{license_key}', 'get'],
        ['/api/product/all', 'get'],
        ['/api/product/with-variations', 'get'],
        ['/api/product/current-versions', 'get'],
        ['/api/variation/all', 'get'],
      ];
      for (const [path, method] of endpoints) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, found: !!op }).toEqual({ path, method, found: true });
        expect(op.tags.length).toBeGreaterThan(0);
        expect(op.summary).toBeTruthy();
        const ok = op.responses['200'] ?? op.responses['201'];
        const media = ok.content['application/json'];
        expect({ path, method, example: !!(media.schema?.example ?? media.examples) }).toEqual({ path, method, example: true });
      }
      for (const path of ['/api/download/{token}', '/api/user/products/{product}/files/{file}/download']) expect(doc.paths[path].get.summary).toBeTruthy();
      expect(doc.paths['/api/user/products/{product}/versions/{version}/files'].post.requestBody.content['multipart/form-data']).toBeDefined();
    });
  });

  describe('tenant isolation', () => {
    let b: TestTenant;
    beforeAll(async () => {
      b = await createTenant(t);
      const upload = await v.upload('/my-plugin/versions/1.4.0/files', 'my-plugin-1.4.0.zip', zipBytes(100));
      expect(upload.status).toBe(201);
    });

    it("tenant B sees none of tenant A's products, versions, files or changelogs", async () => {
      const vb = vendor(t, b);
      expect((await vb.get('')).body.products).toEqual([]);
      for (const path of ['/my-plugin', '/my-plugin/variations', '/my-plugin/versions', '/my-plugin/files', '/my-plugin/versions/1.4.0/files']) {
        expect((await vb.get(path)).status).toBe(404);
      }
      const files = (await v.get('/my-plugin/files')).body.files;
      expect((await vb.get(`/my-plugin/files/${files[0].id}/download`)).status).toBe(404);
      expect((await info('/api/info/products/{secret}', b)).body.error_code).toBe(204);
      expect((await info('/api/product/changelog/my-plugin/{secret}', b)).body.error_code).toBe(500);
      expect((await info('/api/product/changelog/all/{secret}', b)).body.error_code).toBe(204);
      expect((await t.request('/api/product/all', { headers: { 'User-API-Key': b.apiKey } })).body.error_code).toBe(204);
    });

    it("tenant B cannot change or delete tenant A's catalogue", async () => {
      const vb = vendor(t, b);
      expect((await vb.patch('/my-plugin', { name: 'Stolen' })).status).toBe(404);
      expect((await vb.delete('/my-plugin')).status).toBe(404);
      expect((await vb.post('/my-plugin/versions', { version: '9.9.9' })).status).toBe(404);
      expect((await vb.upload('/my-plugin/versions/1.4.0/files', 'x.zip', zipBytes(10))).status).toBe(404);
      const files = (await v.get('/my-plugin/files')).body.files;
      expect((await vb.delete(`/my-plugin/files/${files[0].id}`)).status).toBe(404);
      expect((await v.get('/my-plugin')).body.product.name).toBe('My Plugin');
      expect((await v.get('/my-plugin/files')).body.files).toHaveLength(1);
    });

    it('the same product name may exist in two tenants', async () => {
      expect((await vendor(t, b).post('', { name: 'My Plugin' })).status).toBe(201);
    });

    it("a general key with tenant A's User-API-Key header is refused", async () => {
      const res = await t.request(`/api/info/products/${a.secretKeys.general}`, { headers: { 'User-API-Key': b.apiKey } });
      expect(res.status).toBe(403);
    });
  });
});
