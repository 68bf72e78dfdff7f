import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';
import { download, vendor, zipBytes } from './products-support';

/** Signed downloads honour a single `Range` (resumable downloads of large release files). */
const SIZE = 300_000;

describe('downloads: byte ranges', () => {
  let t: TestApp;
  let a: TestTenant;
  let content: Buffer;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    a = await createTenant(t);
    const v = vendor(t, a);
    await v.post('', { name: 'Ranged' });
    await v.post('/ranged/versions', { version: '2.1.0' });
    content = zipBytes(SIZE);
    expect((await v.upload('/ranged/versions/2.1.0/files', 'ranged-2.1.0.zip', content)).status).toBe(201);
    const key = await createLicense(t, a, { product_ref: 'Ranged' });
    await meraf(t, a).register('domain', 'example.com', key);
    const res = await t.request(`/api/product/download-url/ranged/${a.secretKeys.validation}/${key}?domain=example.com`);
    url = res.body.files[0].download_url;
    expect(url).toBeDefined();
  });
  afterAll(async () => t.close());

  it('sends the whole file with Accept-Ranges: bytes when no range is asked for', async () => {
    const res = await download(url);
    expect(res.status).toBe(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe(String(SIZE));
    expect(res.headers['content-range']).toBeUndefined();
    expect(res.body.equals(content)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-1999', 1000, 1999],
    [`bytes=${SIZE - 10}-${SIZE + 500}`, SIZE - 10, SIZE - 1],
    ['bytes=250000-', 250000, SIZE - 1],
    ['bytes=-512', SIZE - 512, SIZE - 1],
    [`bytes=-${SIZE * 2}`, 0, SIZE - 1],
  ])('answers %s with 206, Content-Range and exactly those bytes', async (range, start, end) => {
    const res = await download(url, { range });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-disposition']).toContain('ranged-2.1.0.zip');
    expect(res.body.equals(content.subarray(start, end + 1))).toBe(true);
  });

  it('resumes: the pieces of ranged requests put together are the file', async () => {
    const first = await download(url, { range: 'bytes=0-149999' });
    const rest = await download(url, { range: 'bytes=150000-' });
    expect(Buffer.concat([first.body, rest.body]).equals(content)).toBe(true);
  });

  it('answers a range past the end with 416, Content-Range: bytes */size and none of the file', async () => {
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 5}-${SIZE + 10}`, 'bytes=-0']) {
      const res = await download(url, { range });
      expect(res.status).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${SIZE}`);
      expect(JSON.parse(res.body.toString())).toEqual({ result: 'error', message: 'The requested range is not satisfiable.', error_code: 416 });
    }
  });

  it('sends the whole file for ranges it does not serve: several ranges, another unit, malformed, or an If-Range', async () => {
    for (const headers of [{ range: 'bytes=0-9,20-29' } as Record<string, string>, { range: 'items=0-9' }, { range: 'bytes=9-5' }, { range: 'bytes=0-9', 'if-range': '"abc"' }]) {
      const res = await download(url, headers);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(SIZE);
    }
  });

  it('still requires a valid signed URL: a tampered one with a Range is 403 with nothing of the file', async () => {
    const token = url.split('/api/download/')[1].split('/')[0];
    const tampered = url.replace(token, token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'));
    const res = await download(tampered, { range: 'bytes=0-99' });
    expect(res.status).toBe(403);
    expect(res.headers['content-range']).toBeUndefined();
    expect(res.body.includes(content.subarray(0, 64))).toBe(false);
  });
});
