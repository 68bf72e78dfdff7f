import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, licenseFields, meraf } from './licenses-support';
import { vendor } from './products-support';

describe("products: licenses' product_ref and products in use", () => {
  let t: TestApp;
  let a: TestTenant;
  let v: ReturnType<typeof vendor>;

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    a = await createTenant(t);
    v = vendor(t, a);
  });
  afterAll(async () => t.close());

  it('accepts any product_ref while the tenant has no products', async () => {
    const res = await meraf(t, a).createPost(licenseFields({ product_ref: 'anything-goes' }));
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(400);
  });

  describe('once the tenant has products', () => {
    beforeAll(async () => {
      expect((await v.post('', { name: 'My Plugin' })).status).toBe(201);
      expect((await v.post('/my-plugin/variations', { name: 'pro' })).status).toBe(201);
    });

    it('create refuses an unknown product_ref with error_code 10 naming the field (GET query and POST body)', async () => {
      const get = await meraf(t, a).createGet(licenseFields({ product_ref: 'not-a-product' }));
      expect(get.status).toBe(400);
      expect(get.body).toMatchObject({ result: 'error', error_code: 10, errors: { product_ref: [expect.any(String)] } });
      const post = await meraf(t, a).createPost(licenseFields({ product_ref: 'not-a-product' }));
      expect(post.body).toMatchObject({ result: 'error', error_code: 10, errors: { product_ref: [expect.any(String)] } });
    });

    it('create accepts the product by name, slug, in any case, or as "<product> <variation>"', async () => {
      for (const ref of ['My Plugin', 'my-plugin', 'MY PLUGIN', 'My Plugin pro']) {
        const res = await meraf(t, a).createPost(licenseFields({ product_ref: ref }));
        expect(res.status).toBe(200);
        expect(res.body.code).toBe(400);
      }
    });

    it('edit refuses an unknown product_ref with error_code 220 naming the field, and accepts a known one', async () => {
      const key = await createLicense(t, a, { product_ref: 'my-plugin' });
      const bad = await meraf(t, a).edit({ license_key: key, product_ref: 'not-a-product' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ result: 'error', error_code: 220, errors: { product_ref: [expect.any(String)] } });
      const good = await meraf(t, a).edit({ license_key: key, product_ref: 'My Plugin' });
      expect(good.status).toBe(200);
      expect(good.body.code).toBe(240);
    });

    it("another tenant's products do not count", async () => {
      const b = await createTenant(t);
      const res = await meraf(t, b).createPost(licenseFields({ product_ref: 'whatever' }));
      expect(res.body.code).toBe(400);
      expect((await vendor(t, b).post('', { name: 'B Product' })).status).toBe(201);
      const refused = await meraf(t, b).createPost(licenseFields({ product_ref: 'My Plugin' }));
      expect(refused.body.error_code).toBe(10);
    });
  });

  describe('deleting or renaming a product that licenses reference', () => {
    let key: string;
    beforeAll(async () => {
      await v.post('', { name: 'Referenced Tool' });
      await v.post('/referenced-tool/variations', { name: 'agency' });
      key = await createLicense(t, a, { product_ref: 'Referenced Tool' });
    });

    it('refuses to delete it, with the number of licenses', async () => {
      const res = await v.delete('/referenced-tool');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ result: 'error', error_code: 409, licenses: 1 });
      expect(res.body.message).toMatch(/referenced by 1 license/);
      expect((await v.get('/referenced-tool')).status).toBe(200);
    });

    it('refuses to change its slug while a license uses it; a rename is fine, since licenses store the slug (issue 13)', async () => {
      const res = await v.patch('/referenced-tool', { slug: 'renamed-tool' });
      expect(res.status).toBe(409);
      expect(res.body.licenses).toBe(1);
      expect((await v.patch('/referenced-tool', { description: 'still fine' })).status).toBe(200);
      expect((await v.patch('/referenced-tool', { name: 'Renamed Tool' })).status).toBe(200);
      expect((await v.patch('/referenced-tool', { name: 'Referenced Tool' })).status).toBe(200);
    });

    it('refuses to delete a variation, or change its slug, while a license names it as "<product> <variation>"', async () => {
      const other = await createLicense(t, a, { product_ref: 'Referenced Tool agency' });
      expect((await v.delete('/referenced-tool/variations/agency')).status).toBe(409);
      // the license stores "referenced-tool agency": the name may change, the slug may not
      expect((await v.patch('/referenced-tool/variations/agency', { name: 'Agency Plus' })).status).toBe(200);
      expect((await v.patch('/referenced-tool/variations/agency', { slug: 'enterprise' })).status).toBe(409);
      expect((await meraf(t, a).delete('all', other)).body.error_code).toBe(320);
      expect((await v.patch('/referenced-tool/variations/agency', { slug: 'enterprise' })).status).toBe(200);
    });

    it('counts item_reference too', async () => {
      const other = await createLicense(t, a, { product_ref: 'my-plugin', item_reference: 'referenced-tool' });
      await meraf(t, a).delete('all', key);
      expect((await v.delete('/referenced-tool')).body.licenses).toBe(1);
      await meraf(t, a).delete('all', other);
    });

    it("ignores another tenant's licenses with the same product_ref", async () => {
      const b = await createTenant(t);
      await createLicense(t, b, { product_ref: 'Referenced Tool' });
      const res = await v.delete('/referenced-tool');
      expect(res.status).toBe(200);
      expect((await v.get('/referenced-tool')).status).toBe(404);
    });

    it('allows the rename once no license uses the name', async () => {
      await v.post('', { name: 'Lonely' });
      const res = await v.patch('/lonely', { name: 'Lonely Renamed', slug: 'lonely-renamed' });
      expect(res.status).toBe(200);
      expect(res.body.product).toMatchObject({ name: 'Lonely Renamed', slug: 'lonely-renamed' });
    });
  });
});
