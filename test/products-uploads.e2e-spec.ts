import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { download, multipart, vendor, zipBytes } from './products-support';

const MAX = 2 * 1024 * 1024;

describe('products: release file uploads', () => {
  let t: TestApp;
  let a: TestTenant;
  let v: ReturnType<typeof vendor>;
  let filesDir: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'false', UPLOAD_MAX_BYTES: String(MAX) } });
    filesDir = t.config.products.filesDir;
    a = await createTenant(t);
    v = vendor(t, a);
    expect((await v.post('', { name: 'Uploader' })).status).toBe(201);
    expect((await v.post('/uploader/versions', { version: '1.0.0' })).status).toBe(201);
  });
  afterAll(async () => t.close());

  /** Committed objects in the storage folder (relative paths), and leftover temporaries. */
  function stored(): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === '.tmp') continue;
        if (e.isDirectory()) walk(join(dir, e.name));
        else out.push(relative(filesDir, join(dir, e.name)));
      }
    };
    if (existsSync(filesDir)) walk(filesDir);
    return out.sort();
  }
  const temporaries = () => (existsSync(join(filesDir, '.tmp')) ? readdirSync(join(filesDir, '.tmp')) : []);
  const rows = async () => (await t.app.get(DataSource).query('SELECT id FROM product_files')).length as number;

  async function expectNothingKept(before: { stored: string[]; rows: number }) {
    expect(stored()).toEqual(before.stored);
    expect(temporaries()).toEqual([]);
    expect(await rows()).toBe(before.rows);
  }
  const snapshot = async () => ({ stored: stored(), rows: await rows() });

  it('stores a file larger than the JSON body limit, recording its size and SHA-256', async () => {
    const content = zipBytes(1536 * 1024);
    const res = await v.upload('/uploader/versions/1.0.0/files', 'uploader-1.0.0.zip', content);
    expect(res.status).toBe(201);
    expect(res.body.file).toMatchObject({
      name: 'uploader-1.0.0.zip',
      version: '1.0.0',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content_type: 'application/zip',
    });
    const keys = stored();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${a.id}/\\d+/[0-9a-f-]{36}$`));
    expect(readFileSync(join(filesDir, keys[0])).equals(content)).toBe(true); // (toEqual on a large Buffer is slow)
    expect(temporaries()).toEqual([]);
  });

  it('serves the vendor the file with Content-Length, Content-Type and Content-Disposition', async () => {
    const listed = await v.get('/uploader/files');
    const file = listed.body.files[0];
    const res = await download(`${t.baseUrl}/api/user/products/uploader/files/${file.id}/download`, { 'User-API-Key': a.apiKey });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(file.size));
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="uploader-1.0.0.zip"');
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(file.sha256);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413 and keeps nothing', async () => {
    const before = await snapshot();
    const res = await v.upload('/uploader/versions/1.0.0/files', 'big.zip', zipBytes(MAX + 1));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ result: 'error', error_code: 413, max_bytes: MAX });
    await expectNothingKept(before);
  });

  it('accepts a file of exactly UPLOAD_MAX_BYTES', async () => {
    const res = await v.upload('/uploader/versions/1.0.0/files', 'exact.zip', zipBytes(MAX));
    expect(res.status).toBe(201);
    expect(res.body.file.size).toBe(MAX);
    expect((await v.delete(`/uploader/files/${res.body.file.id}`)).status).toBe(200);
  });

  it('refuses path traversal and paths in the file name, keeping nothing', async () => {
    const before = await snapshot();
    for (const name of ['../evil.zip', '../../etc/cron.d/evil.zip', '..\\evil.zip', 'dir/evil.zip', '/abs/evil.zip', 'C:evil.zip', '.hidden.zip']) {
      const res = await v.upload('/uploader/versions/1.0.0/files', name, zipBytes(64));
      expect(res.status).toBe(400);
      expect(res.body.result).toBe('error');
      expect(res.body.errors.file).toBeDefined();
    }
    await expectNothingKept(before);
    expect(existsSync(join(filesDir, '..', 'evil.zip'))).toBe(false);
  });

  it('refuses an empty file', async () => {
    const before = await snapshot();
    const res = await v.upload('/uploader/versions/1.0.0/files', 'empty.zip', Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The file is empty.');
    await expectNothingKept(before);
  });

  it('refuses content that does not match the file type, and types that are not release formats', async () => {
    const before = await snapshot();
    const fake = await v.upload('/uploader/versions/1.0.0/files', 'fake.zip', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(fake.status).toBe(400);
    expect(fake.body.message).toMatch(/not a \.zip file/);
    for (const name of ['page.html', 'shell.php', 'noextension']) {
      const res = await v.upload('/uploader/versions/1.0.0/files', name, Buffer.from('hello'));
      expect(res.status).toBe(400);
      expect(res.body.errors.file[0]).toMatch(/not accepted/);
    }
    await expectNothingKept(before);
  });

  it('refuses a request without a file part', async () => {
    const before = await snapshot();
    const json = await v.post('/uploader/versions/1.0.0/files', { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.errors.file).toBeDefined();
    const wrongField = await v.upload('/uploader/versions/1.0.0/files', 'a.zip', zipBytes(10), 'attachment');
    expect(wrongField.status).toBe(400);
    const raw = await t.request('/api/user/products/uploader/versions/1.0.0/files', {
      method: 'POST',
      headers: { 'User-API-Key': a.apiKey, 'content-type': 'application/zip' },
      body: zipBytes(100),
    });
    expect(raw.status).toBe(415);
    expect(raw.body.result).toBe('error');
    const broken = await t.request('/api/user/products/uploader/versions/1.0.0/files', {
      method: 'POST',
      headers: { 'User-API-Key': a.apiKey, 'content-type': 'multipart/form-data; boundary=nope' },
      body: 'this is not multipart',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.result).toBe('error');
    await expectNothingKept(before);
  });

  it('refuses an upload to an unknown version or product with 404', async () => {
    expect((await v.upload('/uploader/versions/9.9.9/files', 'a.zip', zipBytes(10))).status).toBe(404);
    expect((await v.upload('/nope/versions/1.0.0/files', 'a.zip', zipBytes(10))).status).toBe(404);
  });

  it('refuses an upload without a valid User-API-Key with 401 and keeps nothing', async () => {
    const before = await snapshot();
    const { body, contentType } = multipart('a.zip', zipBytes(64 * 1024));
    for (const headers of [{ 'content-type': contentType }, { 'content-type': contentType, 'User-API-Key': 'ZZZZZZ' }] as Array<Record<string, string>>) {
      const res = await t.request('/api/user/products/uploader/versions/1.0.0/files', { method: 'POST', headers, body });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
    }
    await expectNothingKept(before);
  });

  it('refuses a second file of the same name in a version with 409', async () => {
    const before = await snapshot();
    const res = await v.upload('/uploader/versions/1.0.0/files', 'uploader-1.0.0.zip', zipBytes(64));
    expect(res.status).toBe(409);
    await expectNothingKept(before);
  });

  it('two uploads racing for the same name: one is stored, the other refused, no orphan file', async () => {
    const before = await snapshot();
    const [r1, r2] = await Promise.all([
      v.upload('/uploader/versions/1.0.0/files', 'race.zip', zipBytes(512 * 1024)),
      v.upload('/uploader/versions/1.0.0/files', 'race.zip', zipBytes(512 * 1024)),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    expect(stored()).toHaveLength(before.stored.length + 1);
    expect(temporaries()).toEqual([]);
    expect(await rows()).toBe(before.rows + 1);
    const id = (r1.status === 201 ? r1 : r2).body.file.id;
    await v.delete(`/uploader/files/${id}`);
  });

  it('keeps a UTF-8 file name and offers it in Content-Disposition', async () => {
    const res = await v.upload('/uploader/versions/1.0.0/files', 'café tools.zip', zipBytes(64));
    expect(res.status).toBe(201);
    expect(res.body.file.name).toBe('café tools.zip');
    const dl = await download(`${t.baseUrl}/api/user/products/uploader/files/${res.body.file.id}/download`, { 'User-API-Key': a.apiKey });
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="caf_ tools.zip"; filename*=UTF-8''caf%C3%A9%20tools.zip`);
    await v.delete(`/uploader/files/${res.body.file.id}`);
  });

  it('an upload interrupted by the client leaves no partial file or row', async () => {
    const before = await snapshot();
    const { body, contentType } = multipart('interrupted.zip', zipBytes(MAX - 1024));
    const port = new URL(t.baseUrl).port;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/user/products/uploader/versions/1.0.0/files',
      headers: { 'content-type': contentType, 'content-length': body.length, 'User-API-Key': a.apiKey },
    });
    req.on('error', () => undefined);
    req.write(body.subarray(0, 1024 * 1024));
    await waitFor(() => temporaries().length === 1); // the server is streaming it to a temporary file
    req.destroy();
    await waitFor(() => temporaries().length === 0);
    await expectNothingKept(before);
  });

  it('deleting a file, a version or a product removes the stored files', async () => {
    await v.post('/uploader/versions', { version: '1.1.0' });
    const f1 = await v.upload('/uploader/versions/1.1.0/files', 'one.zip', zipBytes(64));
    const f2 = await v.upload('/uploader/versions/1.1.0/files', 'two.zip', zipBytes(64));
    expect(stored()).toHaveLength(3);
    expect((await v.delete(`/uploader/files/${f1.body.file.id}`)).status).toBe(200);
    expect(stored()).toHaveLength(2);
    expect((await v.get('/uploader/versions/1.1.0/files')).body.files.map((f: { id: number }) => f.id)).toEqual([f2.body.file.id]);
    expect((await v.delete('/uploader/versions/1.1.0')).status).toBe(200);
    expect(stored()).toHaveLength(1);
    expect((await v.delete('/uploader')).status).toBe(200);
    expect(stored()).toEqual([]);
    expect(await rows()).toBe(0);
  });

  it('a stored file that went missing answers 404, not 500', async () => {
    await v.post('', { name: 'Fragile' });
    await v.post('/fragile/versions', { version: '1.0.0' });
    const up = await v.upload('/fragile/versions/1.0.0/files', 'f.zip', zipBytes(64));
    const [key] = stored();
    const { unlinkSync } = await import('node:fs');
    unlinkSync(join(filesDir, key));
    const res = await t.request(`/api/user/products/fragile/files/${up.body.file.id}/download`, { headers: { 'User-API-Key': a.apiKey } });
    expect(res.status).toBe(404);
    expect(statSync(filesDir).isDirectory()).toBe(true);
  });
});

async function waitFor(condition: () => boolean, attempts = 400): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}
