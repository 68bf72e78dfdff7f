import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ActivationsService } from '../activations/activations.service';
import { publishGuessingSign } from '../common/events';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import { License } from '../licenses/entities/license.entity';
import { isLicenseUsable } from '../licenses/license-rules';
import { LicensesService } from '../licenses/licenses.service';
import type { RequestMeta } from '../licenses/request-meta';
import { Product, ProductVariation } from '../products/entities';
import { ProductNotFoundError, ReleaseFileNotFoundError, VariationNotFoundError, VersionNotFoundError } from '../products/product-errors';
import { ProductsService } from '../products/products.service';
import { ReleaseFilesService, ReleaseFileView } from '../products/release-files.service';
import { ByteRangeRequest, RangeNotSatisfiableError } from '../storage/byte-range';
import type { StoredFileStream } from '../storage/file-storage';
import { signDownloadToken, verifyDownloadToken } from './download-token';

/** A release file offered to a client, with its signed URL when a license was given. */
export interface OfferedFile {
  view: ReleaseFileView;
  url: string | null;
  expiresAt: Date | null;
}

export type FilesOutcome =
  | { outcome: 'files'; product: Product | null; files: OfferedFile[] }
  | { outcome: 'unknown_product' }
  | { outcome: 'invalid_license' }
  | { outcome: 'empty' };

export type DownloadUrlOutcome =
  | { outcome: 'files'; product: Product; version: string; files: OfferedFile[]; expiresAt: Date }
  | { outcome: 'unknown_product' }
  | { outcome: 'invalid_license' }
  | { outcome: 'not_registered'; type: 'domain' | 'device' }
  | { outcome: 'unknown_version' }
  | { outcome: 'empty' };

export type DownloadOutcome =
  | { outcome: 'file'; view: ReleaseFileView; stored: StoredFileStream }
  | { outcome: 'refused'; reason: 'malformed' | 'tampered' | 'expired' | 'license' }
  | { outcome: 'gone' }
  /** the file exists and may be downloaded, but the range asked for selects none of its `size` bytes */
  | { outcome: 'range_not_satisfiable'; size: number };

/**
 * Licensed downloads: short-lived signed URLs bound to a file and a license key, and the
 * streaming of a file when the URL checks out and the license is usable for the file's
 * product (the validation rule: active, not expired).
 */
@Injectable()
export class DownloadsService {
  constructor(
    private readonly config: AppConfig,
    private readonly crypto: CryptoService,
    private readonly licenses: LicensesService,
    private readonly activations: ActivationsService,
    private readonly products: ProductsService,
    private readonly files: ReleaseFilesService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * The files of a product (`all`: of every product) for the general-key route. With a license
   * key (usable, for that product), each file gets a signed URL; without one, `url` is null.
   */
  async productFiles(tenantId: number, productName: string, licenseKey: string | undefined, baseUrl: string, meta: RequestMeta): Promise<FilesOutcome> {
    let products: Product[];
    let single: Product | null = null;
    if (productName.trim().toLowerCase() === 'all') products = await this.products.list(tenantId);
    else {
      const match = await this.products.resolveRef(tenantId, productName);
      if (!match) return { outcome: 'unknown_product' };
      products = [match.product];
      single = match.product;
    }
    let license: License | null = null;
    if (licenseKey !== undefined) {
      // the general key is the vendor's own (its shop asking for a customer's links): not counted for IP blocking
      license = await this.usableLicense(tenantId, licenseKey, meta, false);
      if (!license || (single && !(await this.covers(tenantId, license, single.id)))) return { outcome: 'invalid_license' };
    }
    const views = await this.files.filesOf(tenantId, products);
    if (!views.length) return { outcome: 'empty' };
    const covered = new Set<number>();
    if (license) for (const p of products) if (await this.covers(tenantId, license, p.id)) covered.add(p.id);
    const expiresAt = this.expiry();
    return {
      outcome: 'files',
      product: single,
      files: views.map((view) =>
        license && covered.has(view.product.id)
          ? { view, url: this.url(baseUrl, tenantId, view, license.licenseKey, expiresAt), expiresAt }
          : { view, url: null, expiresAt: null },
      ),
    };
  }

  /**
   * Fresh signed URLs for a client holding a license key and a registered domain (or device):
   * the files of the current version of the product's line (and of the variation the license
   * or `variation` names), or of `version`.
   */
  async downloadUrls(
    tenantId: number,
    productName: string,
    licenseKey: string,
    target: { type: 'domain' | 'device'; name: string },
    options: { version?: string; variation?: string },
    baseUrl: string,
    meta: RequestMeta,
  ): Promise<DownloadUrlOutcome> {
    const match = await this.products.resolveRef(tenantId, productName);
    if (!match) return { outcome: 'unknown_product' };
    const license = await this.usableLicense(tenantId, licenseKey, meta);
    if (!license || !(await this.covers(tenantId, license, match.product.id))) return { outcome: 'invalid_license' };
    if (!(await this.activations.isRegistered(license.id, target.type, target.name))) {
      return { outcome: 'not_registered', type: target.type };
    }

    let variation: ProductVariation | null = match.variation ?? (await this.variationOfLicense(tenantId, license, match.product.id));
    if (options.variation !== undefined) {
      try {
        variation = await this.products.getVariation(match.product, options.variation);
      } catch (e) {
        if (isUnknownRelease(e)) return { outcome: 'unknown_version' };
        throw e; // an outage is not an unknown version: the filter logs it and answers the error
      }
    }
    let views: ReleaseFileView[];
    if (options.version !== undefined) {
      try {
        views = (await this.files.list(tenantId, String(match.product.id), options.version, variation ? String(variation.id) : undefined)).files;
      } catch (e) {
        if (isUnknownRelease(e)) return { outcome: 'unknown_version' };
        throw e;
      }
    } else {
      views = await this.files.currentFilesOf(tenantId, match.product, variation);
      // the variation's own line wins over the product's when it has a current version
      if (variation && views.some((v) => v.version.variationId === variation!.id)) views = views.filter((v) => v.version.variationId === variation!.id);
    }
    if (!views.length) return { outcome: 'empty' };
    const expiresAt = this.expiry();
    return {
      outcome: 'files',
      product: match.product,
      version: views[0].version.version,
      expiresAt,
      files: views.map((view) => ({ view, url: this.url(baseUrl, tenantId, view, license.licenseKey, expiresAt), expiresAt })),
    };
  }

  /**
   * Checks a signed URL, then the license (still usable, still for this product), then opens the file
   * (only the bytes of `range` when given: a resumed download).
   */
  async open(token: string, meta: RequestMeta, range?: ByteRangeRequest): Promise<DownloadOutcome> {
    const check = verifyDownloadToken(this.crypto, token);
    if (!check.ok) return { outcome: 'refused', reason: check.reason };
    const { tenantId, fileId, licenseKey } = check.claims;
    let view: ReleaseFileView;
    try {
      view = await this.files.getById(tenantId, fileId);
    } catch (e) {
      if (e instanceof ReleaseFileNotFoundError) return { outcome: 'gone' };
      throw e;
    }
    const license = await this.usableLicense(tenantId, licenseKey, meta);
    if (!license || !(await this.covers(tenantId, license, view.product.id))) return { outcome: 'refused', reason: 'license' };
    try {
      return { outcome: 'file', view, stored: await this.files.open(view.file, range) };
    } catch (e) {
      if (e instanceof ReleaseFileNotFoundError) return { outcome: 'gone' };
      if (e instanceof RangeNotSatisfiableError) return { outcome: 'range_not_satisfiable', size: e.size };
      throw e;
    }
  }

  /** The tenant's license with this key when it is usable now; an unknown key is a sign of guessing, as in a validation. */
  private async usableLicense(tenantId: number, licenseKey: string, meta: RequestMeta, report = true): Promise<License | null> {
    const license = await this.licenses.findByKey(tenantId, licenseKey);
    if (license && isLicenseUsable(license, new Date())) return license;
    if (report && !license) publishGuessingSign(this.events, meta.ip, 'unknown_license_key');
    return null;
  }

  /** Whether the license's product_ref (or item_reference) names this product. */
  private async covers(tenantId: number, license: License, productId: number): Promise<boolean> {
    for (const ref of [license.productRef, license.itemReference]) {
      if (ref && (await this.products.resolveRef(tenantId, ref))?.product.id === productId) return true;
    }
    return false;
  }

  private async variationOfLicense(tenantId: number, license: License, productId: number): Promise<ProductVariation | null> {
    for (const ref of [license.productRef, license.itemReference]) {
      const match = ref ? await this.products.resolveRef(tenantId, ref) : null;
      if (match?.product.id === productId && match.variation) return match.variation;
    }
    return null;
  }

  private expiry(): Date {
    return new Date(Math.floor(Date.now() / 1000 + this.config.products.downloadUrlTtlSeconds) * 1000);
  }

  private url(baseUrl: string, tenantId: number, view: ReleaseFileView, licenseKey: string, expiresAt: Date): string {
    const token = signDownloadToken(this.crypto, { tenantId, fileId: view.file.id, licenseKey, expiresAt: expiresAt.getTime() / 1000 });
    return `${this.config.products.downloadBaseUrl ?? baseUrl}/api/download/${token}/${encodeURIComponent(view.file.fileName)}`;
  }
}

/** The errors that mean "no such version or variation" (and only those). */
function isUnknownRelease(e: unknown): boolean {
  return e instanceof VersionNotFoundError || e instanceof VariationNotFoundError || e instanceof ProductNotFoundError;
}
