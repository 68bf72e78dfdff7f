import { DataSource } from 'typeorm';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';
import { vendor, zipBytes } from './products-support';

/**
 * Issue 9.6: a failing query while looking up a requested version or variation is an error of
 * the server, not "unknown version" (the old bare catch {} turned any error into that answer).
 */
describe('downloads: a broken query is not an unknown version', () => {
  let t: TestApp;
  let a: TestTenant;
  let licenseKey: string;

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    a = await createTenant(t);
    const v = vendor(t, a);
    await v.post('', { name: 'My Plugin' });
    await v.post('/my-plugin/variations', { name: 'pro' });
    await v.post('/my-plugin/versions', { version: '1.0.0' });
    expect((await v.upload('/my-plugin/versions/1.0.0/files', 'my-plugin-1.0.0.zip', zipBytes(1024))).status).toBe(201);
    licenseKey = await createLicense(t, a, { product_ref: 'My Plugin' });
    expect((await meraf(t, a).register('domain', 'example.com', licenseKey)).body.error_code).toBe(300);
  });
  afterAll(async () => t.close());

  const downloadUrl = (q: string) => t.request(`/api/product/download-url/my-plugin/${a.secretKeys.validation}/${licenseKey}?domain=example.com${q}`);
  const UNKNOWN_VERSION = { result: 'error', error_code: 500 };

  it('an unknown version or variation is still answered as unknown (error_code 500, HTTP 200)', async () => {
    const version = await downloadUrl('&version=9.9.9');
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject(UNKNOWN_VERSION);
    const variation = await downloadUrl('&variation=nope');
    expect(variation.status).toBe(200);
    expect(variation.body).toMatchObject(UNKNOWN_VERSION);
    expect((await downloadUrl('&version=1.0.0')).body.result).toBe('success');
  });

  it('a failing version query is a server error, logged at error level, not "unknown version"', async () => {
    const ds = t.app.get(DataSource);
    await ds.query('ALTER TABLE product_versions RENAME TO product_versions_broken');
    try {
      const before = t.logs.length;
      const res = await downloadUrl('&version=1.0.0');
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.text).not.toContain('my-plugin-1.0.0.zip');
      const errors = t.logs.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(errors.some((l) => l.level >= 50)).toBe(true);
    } finally {
      await ds.query('ALTER TABLE product_versions_broken RENAME TO product_versions');
    }
    expect((await downloadUrl('&version=1.0.0')).body.result).toBe('success');
  });

  it('a failing variation query is a server error too', async () => {
    const ds = t.app.get(DataSource);
    await ds.query('ALTER TABLE product_variations RENAME TO product_variations_broken');
    try {
      const res = await downloadUrl('&variation=pro');
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await ds.query('ALTER TABLE product_variations_broken RENAME TO product_variations');
    }
  });
});
