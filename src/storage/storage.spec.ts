import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app.config';
import { attachmentDisposition } from './content-disposition';
import { FileTooLargeError, StoredFileMissingError } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';

describe('LocalDiskStorage', () => {
  let dir: string;
  let storage: LocalDiskStorage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storage-spec-'));
    storage = new LocalDiskStorage({ products: { filesDir: dir } } as unknown as AppConfig);
    await storage.onModuleInit();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tmpFiles = () => readdirSync(join(dir, '.tmp'));

  it('stages while hashing, then commits under the key', async () => {
    const data = Buffer.from('PK\x03\x04 hello release', 'latin1');
    const staged = await storage.stage(Readable.from([data.subarray(0, 5), data.subarray(5)]), { maxBytes: 1000, headBytes: 4 });
    expect(staged.size).toBe(data.length);
    expect(staged.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(staged.head.toString('latin1')).toBe('PK\x03\x04');
    await staged.commit('1/2/abc');
    expect(readFileSync(join(dir, '1/2/abc'))).toEqual(data);
    expect(tmpFiles()).toEqual([]);
    const opened = await storage.open('1/2/abc');
    expect(opened.size).toBe(data.length);
    opened.stream.destroy();
  });

  it('refuses more than maxBytes and leaves nothing behind', async () => {
    const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    await expect(storage.stage(source, { maxBytes: 1000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(tmpFiles()).toEqual([]);
  });

  it('removes the partial file when the source fails', async () => {
    const source = new Readable({ read() {} });
    const staging = storage.stage(source, { maxBytes: 1000 });
    source.push(Buffer.alloc(10));
    setImmediate(() => source.destroy(new Error('client went away')));
    await expect(staging).rejects.toThrow('client went away');
    expect(tmpFiles()).toEqual([]);
  });

  it('discards a staged file', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    await staged.discard();
    expect(tmpFiles()).toEqual([]);
  });

  it('refuses keys that would leave the folder', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    for (const key of ['../x', '1/../../x', '/etc/passwd', '.tmp/x', '']) await expect(staged.commit(key)).rejects.toThrow('Invalid storage key');
    await staged.discard();
  });

  it('reports a missing object, and removing one is not an error', async () => {
    await expect(storage.open('1/none')).rejects.toBeInstanceOf(StoredFileMissingError);
    await expect(storage.remove('1/none')).resolves.toBeUndefined();
  });
});

describe('attachmentDisposition', () => {
  it('quotes a plain ASCII name', () => {
    expect(attachmentDisposition('plugin-1.0.zip')).toBe('attachment; filename="plugin-1.0.zip"');
  });
  it('adds the UTF-8 name when the name is not plain ASCII', () => {
    expect(attachmentDisposition('café "x".zip')).toBe(`attachment; filename="caf_ _x_.zip"; filename*=UTF-8''caf%C3%A9%20%22x%22.zip`);
  });
});
