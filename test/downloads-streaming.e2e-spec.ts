import { createHash } from 'node:crypto';
import http from 'node:http';
import type { ReadStream } from 'node:fs';
import { FileStorage } from '../src/storage/file-storage';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';
import { vendor, zipBytes } from './products-support';

const SIZE = 24 * 1024 * 1024;

describe('downloads: streaming', () => {
  let t: TestApp;
  let a: TestTenant;
  let content: Buffer;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, UPLOAD_MAX_BYTES: String(SIZE) } });
    a = await createTenant(t);
    const v = vendor(t, a);
    await v.post('', { name: 'Big' });
    await v.post('/big/versions', { version: '3.0.0' });
    content = zipBytes(SIZE);
    expect((await v.upload('/big/versions/3.0.0/files', 'big-3.0.0.zip', content)).status).toBe(201);
    const key = await createLicense(t, a, { product_ref: 'Big' });
    await meraf(t, a).register('device', 'build-agent-7', key);
    const res = await t.request(`/api/product/download-url/big/${a.secretKeys.validation}/${key}?device=build-agent-7`);
    url = res.body.files[0].download_url;
  });
  afterAll(async () => t.close());

  it('streams the file with constant memory: a paused client keeps the server from reading ahead', async () => {
    // observe (not replace) the stream the storage hands out
    const storage = t.app.get(FileStorage);
    const open = storage.open.bind(storage);
    let source: ReadStream | undefined;
    storage.open = async (key: string) => {
      const opened = await open(key);
      source = opened.stream as ReadStream;
      return opened;
    };

    const hash = createHash('sha256');
    let received = 0;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(url, { headers: { connection: 'close' }, agent: false }, resolve).on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(SIZE));
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="big-3.0.0.zip"');

    // read one chunk, then stop reading and let the server fill every buffer on the way
    const first: Buffer = await new Promise((resolve) => res.once('data', resolve));
    res.pause();
    hash.update(first);
    received += first.length;
    let last = -1;
    for (let stable = 0; stable < 8; ) {
      await new Promise((r) => setTimeout(r, 25));
      const now = source!.bytesRead;
      stable = now === last ? stable + 1 : 0;
      last = now;
    }
    // the server read only what the socket buffers hold, not the file
    expect(source!.bytesRead).toBeLessThan(SIZE / 2);

    res.on('data', (c: Buffer) => {
      hash.update(c);
      received += c.length;
    });
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    expect(received).toBe(SIZE);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    storage.open = open;
  });
});
