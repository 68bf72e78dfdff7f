import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { FileStorage, FileTooLargeError, StagedFile, StoredFileMissingError, StoredFileStream } from '../storage/file-storage';
import type { ByteRangeRequest } from '../storage/byte-range';
import { isUniqueViolation } from '../database/db-errors';
import { Product, ProductFile, ProductVariation, ProductVersion } from './entities';
import { contentMatchesType, fileNameProblem, HEAD_BYTES, releaseFileType } from './file-types';
import { ConflictError, ReleaseFileNotFoundError, UploadRejectedError, UploadTooLargeError } from './product-errors';
import { ProductsService } from './products.service';
import { ReleasesService } from './releases.service';

/** A release file with the version, variation and product it belongs to. */
export interface ReleaseFileView {
  file: ProductFile;
  version: ProductVersion;
  variation: ProductVariation | null;
  product: Product;
}

export interface IncomingUpload {
  /** the name the client gave (with any path it sent: it is checked, not trimmed) */
  fileName: string;
  stream: Readable;
}

/**
 * Release files: uploads are streamed to a temporary file while hashed and measured, checked,
 * moved into place and only then recorded; any failure leaves neither a file nor a row.
 */
@Injectable()
export class ReleaseFilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly storage: FileStorage,
    private readonly products: ProductsService,
    private readonly releases: ReleasesService,
    private readonly config: AppConfig,
  ) {}

  get uploadMaxBytes(): number {
    return this.config.products.uploadMaxBytes;
  }

  async upload(tenantId: number, productRef: string, versionRef: string, variationRef: string | undefined, upload: IncomingUpload): Promise<ReleaseFileView> {
    const { product, version, variation } = await this.releases.get(tenantId, productRef, versionRef, variationRef);
    const problem = fileNameProblem(upload.fileName);
    if (problem) throw new UploadRejectedError('file', problem);
    const type = releaseFileType(upload.fileName)!;
    const files = this.ds.getRepository(ProductFile);
    if (await files.exists({ where: { versionId: version.id, fileName: upload.fileName } })) {
      throw new ConflictError(`Version ${version.version} already has a file named "${upload.fileName}".`, 'file');
    }

    let staged: StagedFile;
    try {
      staged = await this.storage.stage(upload.stream, { maxBytes: this.uploadMaxBytes, headBytes: HEAD_BYTES });
    } catch (e) {
      // the multipart parser enforces the same limit and fails the stream with a 413
      if (e instanceof FileTooLargeError || (e as { status?: number })?.status === 413) throw new UploadTooLargeError(this.uploadMaxBytes);
      throw e;
    }

    const key = `${tenantId}/${product.id}/${randomUUID()}`;
    let committed = false;
    try {
      if (staged.size === 0) throw new UploadRejectedError('file', 'The file is empty.');
      if (!contentMatchesType(type, staged.head)) {
        throw new UploadRejectedError('file', `The content does not match the file type: it is not a ${type.extension} file.`);
      }
      await staged.commit(key);
      committed = true;
      const file = await files.save(
        files.create({
          tenantId,
          productId: product.id,
          versionId: version.id,
          fileName: upload.fileName,
          storageKey: key,
          size: staged.size,
          sha256: staged.sha256,
          contentType: type.contentType,
        }),
      );
      return { file, version, variation, product };
    } catch (e) {
      await staged.discard();
      if (committed) await this.storage.remove(key);
      if (isUniqueViolation(e)) throw new ConflictError(`Version ${version.version} already has a file named "${upload.fileName}".`, 'file');
      throw e;
    }
  }

  /** Files of a product (optionally of one version), newest version first. */
  async list(tenantId: number, productRef: string, versionRef?: string, variationRef?: string): Promise<{ product: Product; files: ReleaseFileView[] }> {
    const product = await this.products.get(tenantId, productRef);
    if (versionRef !== undefined) {
      const found = await this.releases.get(tenantId, productRef, versionRef, variationRef);
      const rows = await this.ds.getRepository(ProductFile).find({ where: { tenantId, versionId: found.version.id }, order: { fileName: 'ASC' } });
      return { product, files: rows.map((file) => ({ file, version: found.version, variation: found.variation, product })) };
    }
    return { product, files: await this.filesOf(tenantId, [product]) };
  }

  /** Files of the given products, grouped by product, newest version first within each. */
  async filesOf(tenantId: number, products: Product[]): Promise<ReleaseFileView[]> {
    if (!products.length) return [];
    const ids = products.map((p) => p.id);
    const [rows, versions, variations] = await Promise.all([
      this.ds.getRepository(ProductFile).find({ where: { tenantId, productId: In(ids) }, order: { fileName: 'ASC' } }),
      this.releases.versionsOf(tenantId, ids),
      this.products.variationsByProduct(tenantId, ids),
    ]);
    const versionById = new Map(versions.map((v) => [v.id, v]));
    const variationById = new Map([...variations.values()].flat().map((v) => [v.id, v]));
    const productById = new Map(products.map((p) => [p.id, p]));
    const rank = new Map(versions.map((v, i) => [v.id, i]));
    return rows
      .filter((f) => versionById.has(f.versionId))
      .sort((a, b) => ids.indexOf(a.productId) - ids.indexOf(b.productId) || rank.get(a.versionId)! - rank.get(b.versionId)!)
      .map((file) => {
        const version = versionById.get(file.versionId)!;
        return {
          file,
          version,
          variation: version.variationId ? (variationById.get(version.variationId) ?? null) : null,
          product: productById.get(file.productId)!,
        };
      });
  }

  /** Files of the current version of the product's own line and, when given, of the variation's line. */
  async currentFilesOf(tenantId: number, product: Product, variation: ProductVariation | null): Promise<ReleaseFileView[]> {
    const all = await this.filesOf(tenantId, [product]);
    return all.filter((f) => f.version.isCurrent && (f.version.variationId === null || (variation !== null && f.version.variationId === variation.id)));
  }

  async get(tenantId: number, productRef: string, fileId: string): Promise<ReleaseFileView> {
    const product = await this.products.get(tenantId, productRef);
    const file = /^\d{1,10}$/.test(fileId)
      ? await this.ds.getRepository(ProductFile).findOne({ where: { tenantId, productId: product.id, id: Number(fileId) } })
      : null;
    if (!file) throw new ReleaseFileNotFoundError();
    return this.viewOf(file, product);
  }

  /** A file of the tenant by id (download links carry only the id). */
  async getById(tenantId: number, fileId: number): Promise<ReleaseFileView> {
    const file = await this.ds.getRepository(ProductFile).findOne({ where: { tenantId, id: fileId } });
    if (!file) throw new ReleaseFileNotFoundError();
    const product = await this.ds.getRepository(Product).findOne({ where: { tenantId, id: file.productId } });
    if (!product) throw new ReleaseFileNotFoundError();
    return this.viewOf(file, product);
  }

  async remove(tenantId: number, productRef: string, fileId: string): Promise<void> {
    const { file } = await this.get(tenantId, productRef, fileId);
    await this.ds.getRepository(ProductFile).delete({ tenantId, id: file.id });
    await this.products.removeStored([file]);
  }

  /** The stored bytes of a file, as a stream (constant memory). */
  /** The file's bytes (those of `range` when given; RangeNotSatisfiableError passes through). */
  async open(file: ProductFile, range?: ByteRangeRequest): Promise<StoredFileStream> {
    try {
      return await this.storage.open(file.storageKey, range);
    } catch (e) {
      if (e instanceof StoredFileMissingError) throw new ReleaseFileNotFoundError();
      throw e;
    }
  }

  private async viewOf(file: ProductFile, product: Product): Promise<ReleaseFileView> {
    const version = await this.ds.getRepository(ProductVersion).findOne({ where: { id: file.versionId } });
    if (!version) throw new ReleaseFileNotFoundError();
    const variation = version.variationId ? await this.ds.getRepository(ProductVariation).findOne({ where: { id: version.variationId } }) : null;
    return { file, version, variation, product };
  }
}

