import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, openSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ByteRangeRequest, resolveRange } from './byte-range';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { FileStorage, FileTooLargeError, StagedFile, StoredFileMissingError, StoredFileStream } from './file-storage';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)*$/;
const TMP_DIR = '.tmp';
/** Temporary files older than this are leftovers of a crash (another instance may share the folder). */
const STALE_TMP_MS = 24 * 3600 * 1000;

/** Counts, hashes and keeps the head of what passes; fails once more than `maxBytes` went by. */
class Meter extends Transform {
  size = 0;
  readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly headBytes: number,
  ) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headLength < this.headBytes) {
      const part = chunk.subarray(0, this.headBytes - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    done(null, chunk);
  }
}

/** File storage in a folder on local disk (`FILE_STORAGE_DIR`, default `DATA_DIR/files`). */
@Injectable()
export class LocalDiskStorage extends FileStorage implements OnModuleInit {
  private readonly logger = new Logger('LocalDiskStorage');
  private readonly root: string;
  private readonly tmp: string;

  constructor(config: AppConfig) {
    super();
    this.root = resolve(config.products.filesDir);
    this.tmp = join(this.root, TMP_DIR);
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmp, { recursive: true, mode: 0o700 });
    await this.removeStaleTemporaries();
  }

  async stage(source: Readable, options: { maxBytes: number; headBytes?: number }): Promise<StagedFile> {
    // Nothing may be awaited before the pipeline listens to `source` (an error it emits meanwhile
    // would go unhandled), and the file is created before the pipeline starts, so that a failure
    // cannot race an asynchronous open and leave the file behind after it was removed.
    mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
    const tmpPath = join(this.tmp, randomUUID());
    const meter = new Meter(options.maxBytes, options.headBytes ?? 0);
    try {
      const fd = openSync(tmpPath, 'wx', 0o600);
      await pipeline(source, meter, createWriteStream(tmpPath, { fd }));
    } catch (e) {
      await unlinkQuietly(tmpPath);
      throw e;
    }
    let placed = false;
    return {
      size: meter.size,
      sha256: meter.hash.digest('hex'),
      head: meter.head,
      commit: async (key: string) => {
        const target = this.pathOf(key);
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        await rename(tmpPath, target);
        placed = true;
      },
      discard: async () => {
        if (!placed) await unlinkQuietly(tmpPath);
      },
    };
  }

  async open(key: string, rangeRequest?: ByteRangeRequest): Promise<StoredFileStream> {
    const path = this.pathOf(key);
    // open first, then stat the open file: no window in which the file could go between the two
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') throw new StoredFileMissingError(key);
      throw e;
    }
    try {
      const s = await handle.stat();
      if (!s.isFile()) throw new StoredFileMissingError(key);
      if (!rangeRequest) return { stream: handle.createReadStream(), size: s.size };
      const range = resolveRange(rangeRequest, s.size);
      return { stream: handle.createReadStream({ start: range.start, end: range.end }), size: s.size, range };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async remove(key: string): Promise<void> {
    await unlinkQuietly(this.pathOf(key));
  }

  /** The absolute path of a key, which must stay inside the storage folder. */
  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.split('/').some((p) => p === '.' || p === '..')) throw new Error(`Invalid storage key`);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid storage key`);
    return path;
  }

  private async removeStaleTemporaries(): Promise<void> {
    try {
      const now = Date.now();
      for (const name of await readdir(this.tmp)) {
        const p = join(this.tmp, name);
        const s = await stat(p).catch(() => null);
        if (s && now - s.mtimeMs > STALE_TMP_MS) await unlinkQuietly(p);
      }
    } catch (e) {
      this.logger.warn({ err: e }, 'Could not clean stale temporary uploads');
    }
  }
}

async function unlinkQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
