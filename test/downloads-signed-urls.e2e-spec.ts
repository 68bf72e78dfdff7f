import { createHash } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SecurityEvents } from '../src/common/events';
import { CryptoService } from '../src/crypto/crypto.service';
import { signDownloadToken } from '../src/downloads/download-token';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';
import { download, vendor, zipBytes } from './products-support';

describe('downloads: signed URLs for licensed clients', () => {
  let t: TestApp;
  let a: TestTenant;
  let v: ReturnType<typeof vendor>;
  const content: Record<string, Buffer> = {};
  let licenseKey: string;
  let proKey: string;
  let otherKey: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, DOWNLOAD_URL_TTL_SECONDS: '300' } });
    a = await createTenant(t);
    v = vendor(t, a);
    const upload = async (path: string, name: string) => {
      content[name] = zipBytes(64 * 1024 + name.length);
      expect((await v.upload(path, name, content[name])).status).toBe(201);
    };
    await v.post('', { name: 'My Plugin' });
    await v.post('/my-plugin/variations', { name: 'pro' });
    await v.post('/my-plugin/versions', { version: '1.0.0' });
    await upload('/my-plugin/versions/1.0.0/files', 'my-plugin-1.0.0.zip');
    await v.post('/my-plugin/versions', { version: '1.4.0' });
    await upload('/my-plugin/versions/1.4.0/files', 'my-plugin-1.4.0.zip');
    await v.post('/my-plugin/versions', { version: '1.5.0', variation: 'pro' });
    await upload('/my-plugin/versions/1.5.0/files?variation=pro', 'my-plugin-pro-1.5.0.zip');
    await v.post('', { name: 'Other Tool' });
    await v.post('/other-tool/versions', { version: '2.0.0' });
    await upload('/other-tool/versions/2.0.0/files', 'other-tool-2.0.0.zip');

    licenseKey = await createLicense(t, a, { product_ref: 'My Plugin', max_allowed_domains: 2 });
    expect((await meraf(t, a).register('domain', 'example.com', licenseKey)).body.error_code).toBe(300);
    proKey = await createLicense(t, a, { product_ref: 'My Plugin pro' });
    expect((await meraf(t, a).register('domain', 'pro.example', proKey)).body.error_code).toBe(300);
    otherKey = await createLicense(t, a, { product_ref: 'Other Tool' });
  });
  afterAll(async () => t.close());

  const files = (product: string, q = '', tenant = a) => t.request(`/api/product/files/${product}/${tenant.secretKeys.general}${q}`);
  const downloadUrl = (product: string, key: string, q: string, secret = a.secretKeys.validation) =>
    t.request(`/api/product/download-url/${product}/${secret}/${key}${q}`);
  const fetchUrl = download;
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  describe('the product files route (general key)', () => {
    it('lists name, version, size and SHA-256; without a license there is no download URL', async () => {
      const res = await files('My%20Plugin');
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('success');
      expect(res.body.product).toBe('My Plugin');
      expect(res.body.files.map((f: { name: string }) => f.name)).toEqual(['my-plugin-pro-1.5.0.zip', 'my-plugin-1.4.0.zip', 'my-plugin-1.0.0.zip']);
      expect(res.body.files[1]).toEqual({
        product: 'My Plugin',
        variation: null,
        version: '1.4.0',
        current: true,
        name: 'my-plugin-1.4.0.zip',
        size: content['my-plugin-1.4.0.zip'].length,
        sha256: sha(content['my-plugin-1.4.0.zip']),
        content_type: 'application/zip',
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        download_url: null,
        expires_at: null,
      });
    });

    it('with a usable license of the product, every file gets a signed URL that downloads it', async () => {
      const res = await files('my-plugin', `?license_key=${licenseKey}`);
      for (const f of res.body.files) {
        expect(f.download_url).toMatch(new RegExp(`^${t.baseUrl}/api/download/[A-Za-z0-9._-]+/${encodeURIComponent(f.name)}$`));
        expect(f.download_url).not.toContain(licenseKey);
        expect(f.expires_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        const dl = await fetchUrl(f.download_url);
        expect(dl.status).toBe(200);
        expect(sha(dl.body)).toBe(f.sha256);
        expect(dl.headers['content-length']).toBe(String(f.size));
        expect(dl.headers['content-type']).toBe('application/zip');
        expect(dl.headers['content-disposition']).toBe(`attachment; filename="${f.name}"`);
      }
    });

    it('the deployed packages alias answers the same', async () => {
      const res = await t.request(`/api/product/packages/my-plugin/${a.secretKeys.general}`);
      expect(res.body).toEqual((await files('my-plugin')).body);
    });

    it('all lists every product; URLs only for the products the license covers', async () => {
      const res = await files('all', `?license_key=${otherKey}`);
      expect(res.body.product).toBeUndefined();
      const byProduct = (p: string) => res.body.files.filter((f: { product: string }) => f.product === p);
      expect(byProduct('Other Tool').every((f: { download_url: string | null }) => f.download_url)).toBe(true);
      expect(byProduct('My Plugin')).toHaveLength(3);
      expect(byProduct('My Plugin').every((f: { download_url: string | null }) => f.download_url === null)).toBe(true);
    });

    it('a license of another product, or an unknown one, gets error_code 101', async () => {
      expect((await files('my-plugin', `?license_key=${otherKey}`)).body).toMatchObject({ result: 'error', error_code: 101 });
      expect((await files('my-plugin', '?license_key=NOSUCHLICENSEKEY0000000000000000000000000')).body.error_code).toBe(101);
    });

    it('unknown product: error_code 500; a product without files: 204', async () => {
      expect((await files('nope')).body).toEqual({ result: 'error', message: 'Requested product is not existing.', error_code: 500 });
      await v.post('', { name: 'Empty One' });
      expect((await files('empty-one')).body.error_code).toBe(204);
    });

    it("another tenant's general key sees nothing of these files", async () => {
      const b = await createTenant(t);
      expect((await files('my-plugin', '', b)).body.error_code).toBe(500);
      expect((await files('all', '', b)).body.error_code).toBe(204);
      expect((await files('my-plugin', `?license_key=${licenseKey}`, b)).body.error_code).toBe(500);
    });
  });

  describe('fresh URLs for a client with a license key and a registered domain', () => {
    it('answers the current version files with signed URLs', async () => {
      const res = await downloadUrl('My%20Plugin', licenseKey, '?domain=example.com');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'success', product: 'My Plugin', version: '1.4.0' });
      expect(res.body.files.map((f: { name: string }) => f.name)).toEqual(['my-plugin-1.4.0.zip']);
      const dl = await fetchUrl(res.body.files[0].download_url);
      expect(dl.status).toBe(200);
      expect(dl.body.equals(content['my-plugin-1.4.0.zip'])).toBe(true);
    });

    it('normalizes the domain as registration does', async () => {
      const res = await downloadUrl('my-plugin', licenseKey, `?domain=${encodeURIComponent('https://www.EXAMPLE.com/')}`);
      expect(res.body.result).toBe('success');
    });

    it('a license for "<product> <variation>" gets that variation line', async () => {
      const res = await downloadUrl('my-plugin', proKey, '?domain=pro.example');
      expect(res.body.version).toBe('1.5.0');
      expect(res.body.files.map((f: { name: string }) => f.name)).toEqual(['my-plugin-pro-1.5.0.zip']);
    });

    it('answers an older version on request', async () => {
      const res = await downloadUrl('my-plugin', licenseKey, '?domain=example.com&version=1.0.0');
      expect(res.body.files.map((f: { name: string }) => f.name)).toEqual(['my-plugin-1.0.0.zip']);
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com&version=9.9.9')).body.error_code).toBe(500);
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com&variation=nope')).body.error_code).toBe(500);
      const pro = await downloadUrl('my-plugin', licenseKey, '?domain=example.com&variation=pro');
      expect(pro.body.files.map((f: { name: string }) => f.name)).toEqual(['my-plugin-pro-1.5.0.zip']);
    });

    it('refuses a domain that is not registered on the license', async () => {
      const res = await downloadUrl('my-plugin', licenseKey, '?domain=elsewhere.com');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'error', message: 'The domain is not registered on this license.', error_code: 404 });
    });

    it('refuses a license of another product, an unknown license, an unknown product', async () => {
      expect((await downloadUrl('my-plugin', otherKey, '?domain=example.com')).body.error_code).toBe(101);
      expect((await downloadUrl('my-plugin', 'NOSUCHLICENSEKEY0000000000000000000000000', '?domain=example.com')).body.error_code).toBe(101);
      expect((await downloadUrl('nope', licenseKey, '?domain=example.com')).body.error_code).toBe(500);
    });

    it("reports a client's unknown license key as a sign of guessing, never a real license's refusal", async () => {
      const events = t.app.get(EventEmitter2);
      const seen: Array<{ ip: string; sign: string }> = [];
      const listener = (p: { ip: string; sign: string }) => seen.push(p);
      events.on(SecurityEvents.GuessingSign, listener);
      try {
        await downloadUrl('my-plugin', 'NOSUCHLICENSEKEY0000000000000000000000000', '?domain=example.com');
        await downloadUrl('my-plugin', licenseKey, '?domain=elsewhere.com');
        await downloadUrl('my-plugin', licenseKey, '?domain=example.com');
        await files('my-plugin', '?license_key=NOSUCHLICENSEKEY0000000000000000000000000'); // the vendor's key: not counted
      } finally {
        events.off(SecurityEvents.GuessingSign, listener);
      }
      expect(seen).toEqual([{ ip: '127.0.0.1', sign: 'unknown_license_key' }]);
    });

    it('needs exactly one of domain or device', async () => {
      const none = await downloadUrl('my-plugin', licenseKey, '');
      expect(none.status).toBe(400);
      expect(none.body.errors.domain).toBeDefined();
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com&device=x')).status).toBe(400);
    });

    it('takes the validation or general key, not the others', async () => {
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com', a.secretKeys.general)).body.result).toBe('success');
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com', a.secretKeys.creation)).status).toBe(403);
    });
  });

  describe('the download itself', () => {
    let url: string;
    beforeAll(async () => {
      url = (await downloadUrl('my-plugin', licenseKey, '?domain=example.com')).body.files[0].download_url;
    });

    const tokenOf = (u: string) => new URL(u).pathname.split('/')[3];
    const withToken = (token: string) => `${t.baseUrl}/api/download/${token}/file.zip`;

    it('works without the trailing file name too', async () => {
      const dl = await fetchUrl(`${t.baseUrl}/api/download/${tokenOf(url)}`);
      expect(dl.status).toBe(200);
      expect(dl.body.equals(content['my-plugin-1.4.0.zip'])).toBe(true);
    });

    it('refuses a tampered URL with 403 and nothing of the file', async () => {
      const parts = tokenOf(url).split('.');
      const variants = [
        [parts[0], parts[1], String(Number(parts[2]) + 3600), parts[3], parts[4]],
        [parts[0], String(Number(parts[1]) + 1), parts[2], parts[3], parts[4]],
        [...parts.slice(0, 4), parts[4].replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))],
        [parts[0], parts[1], parts[2], parts[3].replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), parts[4]],
        ['garbage'],
      ];
      for (const p of variants) {
        const res = await t.request(`/api/download/${p.join('.')}/x.zip`);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.body).toEqual({ result: 'error', message: 'Invalid download link.', error_code: 403 });
      }
    });

    it('refuses an expired URL with 403', async () => {
      const crypto = t.app.get(CryptoService);
      const [tenantId, fileId] = tokenOf(url).split('.').map(Number);
      const expired = signDownloadToken(crypto, { tenantId, fileId, licenseKey, expiresAt: Math.floor(Date.now() / 1000) - 1 });
      const res = await t.request(`/api/download/${expired}/x.zip`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ result: 'error', message: 'This download link has expired.', error_code: 403 });
      const fresh = signDownloadToken(crypto, { tenantId, fileId, licenseKey, expiresAt: Math.floor(Date.now() / 1000) + 60 });
      expect((await fetchUrl(withToken(fresh))).status).toBe(200);
    });

    it('refuses once the license is no longer usable (blocked or expired), like validation', async () => {
      expect((await meraf(t, a).edit({ license_key: licenseKey, license_status: 'blocked' })).body.code).toBe(240);
      const blocked = await t.request(new URL(url).pathname);
      expect(blocked.status).toBe(403);
      expect(blocked.body).toEqual({ result: 'error', message: 'The license is not valid for this download.', error_code: 403 });
      expect((await downloadUrl('my-plugin', licenseKey, '?domain=example.com')).body.error_code).toBe(101);
      expect((await meraf(t, a).edit({ license_key: licenseKey, license_status: 'expired' })).body.code).toBe(240);
      expect((await t.request(new URL(url).pathname)).status).toBe(403);
      await meraf(t, a).edit({ license_key: licenseKey, license_status: 'active' });
      expect((await fetchUrl(url)).status).toBe(200);
    });

    it('refuses once the license no longer names the product', async () => {
      await meraf(t, a).edit({ license_key: licenseKey, product_ref: 'Other Tool' });
      expect((await t.request(new URL(url).pathname)).status).toBe(403);
      await meraf(t, a).edit({ license_key: licenseKey, product_ref: 'My Plugin' });
      expect((await fetchUrl(url)).status).toBe(200);
    });

    it('answers 404 once the file is deleted', async () => {
      const res = await downloadUrl('other-tool', otherKey, '?domain=x.example');
      expect(res.body.error_code).toBe(404); // not registered yet
      await meraf(t, a).register('domain', 'x.example', otherKey);
      const other = (await downloadUrl('other-tool', otherKey, '?domain=x.example')).body.files[0];
      const id = (await v.get('/other-tool/files')).body.files[0].id;
      expect((await v.delete(`/other-tool/files/${id}`)).status).toBe(200);
      const gone = await t.request(new URL(other.download_url).pathname);
      expect(gone.status).toBe(404);
      expect(gone.body.error_code).toBe(404);
    });

    it('keeps license keys and tokens out of the request log', async () => {
      await fetchUrl(url);
      const lines = t.logs.join('');
      expect(lines).toContain('/api/download/');
      expect(lines).not.toContain(tokenOf(url));
      expect(lines).not.toContain(licenseKey);
      expect(lines).not.toContain(proKey);
    });
  });
});
