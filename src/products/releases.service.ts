import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { lockRow, withTransaction } from '../database/transaction';
import { parseUtcDate } from '../licenses/license-dates';
import { isUniqueViolation } from '../database/db-errors';
import { Product, ProductFile, ProductVariation, ProductVersion } from './entities';
import { ConflictError, ProductInputError, VersionNotFoundError } from './product-errors';
import { ProductsService } from './products.service';
import { compareVersions, isPrerelease, parseVersion, sameVersion, VERSION_FORMAT_HINT } from './versions';

export const CHANGELOG_MAX = 65_535;

export interface VersionInput {
  version: string;
  /** variation id, slug or name; absent: the product itself */
  variation?: string;
  changelog?: string;
  /** ISO 8601 or `YYYY-MM-DD[ HH:mm:ss]` (UTC); default now */
  releaseDate?: string;
  /** make it the current version of its line; absent: it becomes current when it is the highest stable version */
  current?: boolean;
}

export interface VersionPatch {
  changelog?: string;
  releaseDate?: string;
  current?: boolean;
}

export interface VersionView {
  version: ProductVersion;
  variation: ProductVariation | null;
}

/** Sorts versions newest first (version precedence, see versions.ts; equal ones by release order). */
export function newestFirst(a: ProductVersion, b: ProductVersion): number {
  return compareStored(b.version, a.version) || b.id - a.id;
}

/** Precedence of two stored versions; a stored text that no longer parses sorts below every version. */
function compareStored(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x && y) return compareVersions(x, y);
  return x ? 1 : y ? -1 : 0;
}

const sameStored = (stored: string, text: string) => stored === text || (parseVersion(stored) !== null && sameVersion(stored, text));

const isStable = (v: ProductVersion) => {
  const parsed = parseVersion(v.version);
  return parsed !== null && !isPrerelease(parsed);
};

/**
 * Versions of a product or of its variations ("lines"), each with its changelog entry and
 * release date. A line has at most one current version; changes to current flags lock the
 * product row, so two instances cannot leave a line with two.
 */
@Injectable()
export class ReleasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly products: ProductsService,
  ) {}

  async list(tenantId: number, productRef: string, variationRef?: string): Promise<{ product: Product; versions: VersionView[] }> {
    const product = await this.products.get(tenantId, productRef);
    const variations = await this.products.variationsOf(product.id);
    const where: Record<string, unknown> = { tenantId, productId: product.id };
    if (variationRef !== undefined) where.variationKey = (await this.products.getVariation(product, variationRef)).id;
    const rows = (await this.ds.getRepository(ProductVersion).find({ where })).sort(newestFirst);
    const byId = new Map(variations.map((v) => [v.id, v]));
    return { product, versions: rows.map((version) => ({ version, variation: version.variationId ? (byId.get(version.variationId) ?? null) : null })) };
  }

  /** Every version of the given products (or all of the tenant's), newest first. */
  async versionsOf(tenantId: number, productIds?: number[]): Promise<ProductVersion[]> {
    const where = productIds ? { tenantId, productId: In(productIds) } : { tenantId };
    return (await this.ds.getRepository(ProductVersion).find({ where })).sort(newestFirst);
  }

  /**
   * A version by id, or by its version string in the line of `variationRef` (absent: the
   * product's own line).
   */
  async get(tenantId: number, productRef: string, versionRef: string, variationRef?: string): Promise<{ product: Product } & VersionView> {
    const product = await this.products.get(tenantId, productRef);
    const repo = this.ds.getRepository(ProductVersion);
    let version: ProductVersion | null = null;
    if (/^\d{1,10}$/.test(versionRef)) {
      version = await repo.findOne({ where: { tenantId, productId: product.id, id: Number(versionRef) } });
    } else {
      const parsed = parseVersion(versionRef);
      const variationKey = variationRef !== undefined ? (await this.products.getVariation(product, variationRef)).id : 0;
      if (parsed) {
        // the exact text first, else the same release written otherwise (`1.5.0` finds `1.5`)
        version = await repo.findOne({ where: { tenantId, productId: product.id, variationKey, version: parsed.text } });
        version ??= (await repo.find({ where: { tenantId, productId: product.id, variationKey } })).find((v) => sameStored(v.version, parsed.text)) ?? null;
      }
    }
    if (!version) throw new VersionNotFoundError();
    const variation = version.variationId ? await this.products.getVariation(product, String(version.variationId)) : null;
    return { product, version, variation };
  }

  async create(tenantId: number, productRef: string, input: VersionInput): Promise<{ product: Product } & VersionView> {
    const product = await this.products.get(tenantId, productRef);
    const variation = input.variation !== undefined && input.variation !== '' ? await this.products.getVariation(product, input.variation) : null;
    const parsed = parseVersion(input.version);
    const errors: Record<string, string[]> = {};
    if (!parsed) errors.version = [`version must be a version: ${VERSION_FORMAT_HINT}`];
    const releaseDate = this.releaseDate(input.releaseDate, errors);
    if (input.changelog !== undefined && input.changelog.length > CHANGELOG_MAX) errors.changelog = [`changelog must be at most ${CHANGELOG_MAX} characters`];
    if (Object.keys(errors).length || !parsed) throw new ProductInputError(errors);
    const variationKey = variation?.id ?? 0;

    try {
      const version = await withTransaction(this.ds, async (m) => {
        await lockRow(m, 'products', product.id);
        const repo = m.getRepository(ProductVersion);
        const line = await repo.find({ where: { productId: product.id, variationKey } });
        const same = line.find((v) => sameStored(v.version, parsed.text));
        if (same) throw new ConflictError(`Version ${same.version} already exists.`, 'version');
        const stable = line.filter(isStable);
        const current = input.current ?? (!isPrerelease(parsed) && stable.every((v) => compareStored(parsed.text, v.version) > 0));
        if (current) await repo.update({ productId: product.id, variationKey, isCurrent: true }, { isCurrent: false });
        return repo.save(
          repo.create({
            tenantId,
            productId: product.id,
            variationId: variation?.id ?? null,
            variationKey,
            version: parsed.text,
            isCurrent: current,
            changelog: input.changelog ?? null,
            releaseDate: releaseDate ?? new Date(),
          }),
        );
      });
      return { product, version, variation };
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`Version ${parsed.text} already exists.`, 'version');
      throw e;
    }
  }

  async update(
    tenantId: number,
    productRef: string,
    versionRef: string,
    variationRef: string | undefined,
    patch: VersionPatch,
  ): Promise<{ product: Product } & VersionView> {
    const found = await this.get(tenantId, productRef, versionRef, variationRef);
    const errors: Record<string, string[]> = {};
    const releaseDate = this.releaseDate(patch.releaseDate, errors);
    if (patch.changelog !== undefined && patch.changelog.length > CHANGELOG_MAX) errors.changelog = [`changelog must be at most ${CHANGELOG_MAX} characters`];
    if (Object.keys(errors).length) throw new ProductInputError(errors);
    const version = await withTransaction(this.ds, async (m) => {
      await lockRow(m, 'products', found.product.id);
      const repo = m.getRepository(ProductVersion);
      const row = await repo.findOne({ where: { id: found.version.id } });
      if (!row) throw new VersionNotFoundError();
      if (patch.changelog !== undefined) row.changelog = patch.changelog;
      if (releaseDate) row.releaseDate = releaseDate;
      if (patch.current === true && !row.isCurrent) {
        await repo.update({ productId: row.productId, variationKey: row.variationKey, isCurrent: true }, { isCurrent: false });
        row.isCurrent = true;
      } else if (patch.current === false) {
        row.isCurrent = false;
      }
      return repo.save(row);
    });
    return { ...found, version };
  }

  /**
   * Deletes a version and its files. When it was the current version, the highest remaining
   * stable version of its line becomes current.
   */
  async remove(tenantId: number, productRef: string, versionRef: string, variationRef?: string): Promise<void> {
    const found = await this.get(tenantId, productRef, versionRef, variationRef);
    const files = await withTransaction(this.ds, async (m) => {
      await lockRow(m, 'products', found.product.id);
      const row = await m.getRepository(ProductVersion).findOne({ where: { id: found.version.id } });
      if (!row) throw new VersionNotFoundError();
      const stored = await m.getRepository(ProductFile).find({ where: { versionId: row.id } });
      await m.getRepository(ProductVersion).delete({ id: row.id }); // cascades to its files
      if (row.isCurrent) await this.promoteHighestStable(m, row.productId, row.variationKey, row.id);
      return stored;
    });
    await this.products.removeStored(files);
  }

  private async promoteHighestStable(m: EntityManager, productId: number, variationKey: number, exceptId: number) {
    const repo = m.getRepository(ProductVersion);
    const rest = (await repo.find({ where: { productId, variationKey, id: Not(exceptId) } }))
      .filter(isStable)
      .sort(newestFirst);
    if (rest[0]) await repo.update({ id: rest[0].id }, { isCurrent: true });
  }

  private releaseDate(value: string | undefined, errors: Record<string, string[]>): Date | null {
    if (value === undefined) return null;
    const d = parseUtcDate(value);
    if (!d) errors.release_date = ['release_date must be a date: ISO 8601 or YYYY-MM-DD[ HH:mm:ss] (UTC)'];
    return d;
  }
}
