import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { FileStorage } from '../storage/file-storage';
import { isUniqueViolation } from '../database/db-errors';
import { Product, ProductFile, ProductVariation, ProductVersion } from './entities';
import {
  ConflictError,
  ProductInputError,
  ProductInUseError,
  ProductNotFoundError,
  VariationNotFoundError,
} from './product-errors';
import { nameKey, nameProblems, PRODUCT_NAME_MAX, slugify, slugProblems, VARIATION_NAME_MAX } from './product-names';
import { canonicalRef, names, refKey, refKeysNaming, unknownProductMessage, variationSplits } from './product-ref';

export interface ProductInput {
  name: string;
  slug?: string;
  description?: string | null;
}

export interface VariationInput {
  name: string;
  slug?: string;
}

/** What a reference (a license's product_ref, a product name in a documented route) names. */
export interface ProductRefMatch {
  product: Product;
  variation: ProductVariation | null;
}

/** A license's product_ref checked: its canonical form, or the tenant's products (slugs) when it names none. */
export type LicenseRefCheck = { ok: true; ref: string } | { ok: false; message: string };

/** Longest product reference looked at: a name (100) + space + variation name (64), with room. */
const MAX_REF_LENGTH = 191;

/**
 * The product catalogue of a tenant: products and their variations. Every query is scoped by
 * the tenant id the auth guard resolved.
 */
@Injectable()
export class ProductsService {
  private readonly logger = new Logger('ProductsService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly storage: FileStorage,
  ) {}

  /**
   * A license's product_ref (create, edit): its canonical form (product-ref.ts) when it names one
   * of the tenant's products; as given (trimmed) while the tenant has defined no products; else
   * refused with a message that lists the tenant's products.
   */
  async checkLicenseRef(tenantId: number, productRef: string, field = 'product_ref'): Promise<LicenseRefCheck> {
    const match = await this.resolveRef(tenantId, productRef);
    if (match) return { ok: true, ref: canonicalRef(match.product, match.variation) };
    const slugs = (await this.list(tenantId)).map((p) => p.slug).sort();
    return slugs.length ? { ok: false, message: unknownProductMessage(field, slugs) } : { ok: true, ref: productRef.trim() };
  }

  /** A reference in its canonical form when it names a product, else as given (trimmed): item_reference. */
  async canonicalize(tenantId: number, ref: string): Promise<string> {
    const match = ref ? await this.resolveRef(tenantId, ref) : null;
    return match ? canonicalRef(match.product, match.variation) : ref.trim();
  }

  /**
   * Every reference key (trimmed, lower-cased) that names what `ref` names: the product's slug and
   * name (with the variation's, for a variation); just `ref`'s own key when it names nothing. A
   * license whose product_ref or item_reference has one of these keys is for that product.
   */
  async equivalentRefKeys(tenantId: number, ref: string): Promise<string[]> {
    const key = typeof ref === 'string' ? refKey(ref) : '';
    if (!key) return [];
    const match = await this.resolveRef(tenantId, ref);
    return match ? refKeysNaming(match.product, match.variation) : [key];
  }

  /** The product (and variation) a reference names, by the one rule of product-ref.ts. */
  async resolveRef(tenantId: number, ref: string): Promise<ProductRefMatch | null> {
    const key = typeof ref === 'string' ? refKey(ref) : '';
    if (!key || key.length > MAX_REF_LENGTH) return null;
    const direct = await this.findProduct(tenantId, [key]);
    if (direct.length) return { product: direct[0], variation: null };
    const splits = variationSplits(key);
    if (!splits.length) return null;
    const candidates = await this.findProduct(tenantId, [...new Set(splits.map(([p]) => p))]);
    for (const [prefix, suffix] of splits) {
      for (const product of candidates.filter((p) => names(p, prefix))) {
        const variation = (await this.findVariation(product.id, suffix))[0];
        if (variation) return { product, variation };
      }
    }
    return null;
  }

  async list(tenantId: number): Promise<Product[]> {
    return this.ds.getRepository(Product).find({ where: { tenantId }, order: { nameKey: 'ASC', id: 'ASC' } });
  }

  /** A product by id, slug or name (case-insensitive), as the tenant API's paths name it. */
  async get(tenantId: number, ref: string): Promise<Product> {
    const products = this.ds.getRepository(Product);
    let product: Product | null = null;
    if (/^\d{1,10}$/.test(ref)) product = await products.findOne({ where: { tenantId, id: Number(ref) } });
    else product = (await this.findProduct(tenantId, [refKey(ref)]))[0] ?? null;
    if (!product) throw new ProductNotFoundError();
    return product;
  }

  async create(tenantId: number, input: ProductInput): Promise<Product> {
    const name = input.name?.trim();
    const errors = { ...problems('name', nameProblems('name', input.name, PRODUCT_NAME_MAX)) };
    if (input.slug !== undefined) Object.assign(errors, problems('slug', slugProblems('slug', input.slug)));
    if (Object.keys(errors).length) throw new ProductInputError(errors);
    const key = nameKey(name);
    await this.assertProductNameFree(tenantId, key, 'name', 'A product with this name already exists.');
    let slug = input.slug;
    if (slug !== undefined) await this.assertProductNameFree(tenantId, slug, 'slug', 'A product with this slug already exists.');
    else slug = await this.freeProductSlug(tenantId, slugify(name, 'product'));
    try {
      const saved = await this.ds.getRepository(Product).save(
        this.ds.getRepository(Product).create({ tenantId, name, nameKey: key, slug, description: input.description ?? null }),
      );
      return saved;
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('A product with this name or slug already exists.', 'name');
      throw e;
    }
  }

  /**
   * Renames a product or changes its slug or description. A change that would leave licenses
   * pointing at a name the product no longer answers to is refused (ProductInUseError).
   */
  async update(tenantId: number, ref: string, patch: Partial<ProductInput>): Promise<Product> {
    const product = await this.get(tenantId, ref);
    const errors: Record<string, string[]> = {};
    if (patch.name !== undefined) Object.assign(errors, problems('name', nameProblems('name', patch.name, PRODUCT_NAME_MAX)));
    if (patch.slug !== undefined) Object.assign(errors, problems('slug', slugProblems('slug', patch.slug)));
    if (Object.keys(errors).length) throw new ProductInputError(errors);

    const variations = await this.ds.getRepository(ProductVariation).find({ where: { productId: product.id } });
    if (patch.name !== undefined && nameKey(patch.name) !== product.nameKey) {
      await this.assertProductNameFree(tenantId, nameKey(patch.name), 'name', 'A product with this name already exists.', product.id);
    }
    if (patch.slug !== undefined && patch.slug !== product.slug) {
      await this.assertProductNameFree(tenantId, patch.slug, 'slug', 'A product with this slug already exists.', product.id);
    }
    // the references the product stops answering to (licenses store the slug; older rows may hold the name)
    const after = { slug: patch.slug ?? product.slug, nameKey: patch.name !== undefined ? nameKey(patch.name) : product.nameKey };
    const lost = lostRefs([product, ...variations.map((v) => [product, v] as const)], [after, ...variations.map((v) => [after, v] as const)]);
    const licenses = await this.countLicenseReferences(tenantId, lost);
    if (licenses > 0) {
      throw new ProductInUseError(
        `${licenses} license(s) reference this product by the name or slug being changed; change their product_ref first.`,
        licenses,
      );
    }
    if (patch.name !== undefined) {
      product.name = patch.name.trim();
      product.nameKey = nameKey(patch.name);
    }
    if (patch.slug !== undefined) product.slug = patch.slug;
    if (patch.description !== undefined) product.description = patch.description;
    try {
      return await this.ds.getRepository(Product).save(product);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('A product with this name or slug already exists.', 'name');
      throw e;
    }
  }

  /** Deletes a product with its variations, versions and files; refused while licenses reference it. */
  async remove(tenantId: number, ref: string): Promise<void> {
    const product = await this.get(tenantId, ref);
    const licenses = await this.countLicenseReferences(tenantId, await this.refsOf(product));
    if (licenses > 0) {
      throw new ProductInUseError(
        `This product is still referenced by ${licenses} license(s); delete them or change their product_ref first.`,
        licenses,
      );
    }
    const files = await this.ds.getRepository(ProductFile).find({ where: { tenantId, productId: product.id } });
    await this.ds.getRepository(Product).delete({ tenantId, id: product.id }); // cascades to variations, versions, files
    await this.removeStored(files);
  }

  async listVariations(tenantId: number, productRef: string): Promise<{ product: Product; variations: ProductVariation[] }> {
    const product = await this.get(tenantId, productRef);
    return { product, variations: await this.variationsOf(product.id) };
  }

  async variationsOf(productId: number): Promise<ProductVariation[]> {
    return this.ds.getRepository(ProductVariation).find({ where: { productId }, order: { nameKey: 'ASC', id: 'ASC' } });
  }

  /** Variations of many products at once, by product id. */
  async variationsByProduct(tenantId: number, productIds: number[]): Promise<Map<number, ProductVariation[]>> {
    const out = new Map<number, ProductVariation[]>();
    if (!productIds.length) return out;
    const rows = await this.ds
      .getRepository(ProductVariation)
      .find({ where: { tenantId, productId: In(productIds) }, order: { nameKey: 'ASC', id: 'ASC' } });
    for (const v of rows) out.set(v.productId, [...(out.get(v.productId) ?? []), v]);
    return out;
  }

  /** A variation of a product by id, slug or name (case-insensitive). */
  async getVariation(product: Product, ref: string): Promise<ProductVariation> {
    const repo = this.ds.getRepository(ProductVariation);
    let variation: ProductVariation | null = null;
    if (/^\d{1,10}$/.test(ref)) variation = await repo.findOne({ where: { productId: product.id, id: Number(ref) } });
    else variation = (await this.findVariation(product.id, refKey(ref)))[0] ?? null;
    if (!variation) throw new VariationNotFoundError();
    return variation;
  }

  async addVariation(tenantId: number, productRef: string, input: VariationInput): Promise<{ product: Product; variation: ProductVariation }> {
    const product = await this.get(tenantId, productRef);
    const errors = { ...problems('name', nameProblems('name', input.name, VARIATION_NAME_MAX)) };
    if (input.slug !== undefined) Object.assign(errors, problems('slug', slugProblems('slug', input.slug)));
    if (Object.keys(errors).length) throw new ProductInputError(errors);
    const name = input.name.trim();
    const key = nameKey(name);
    await this.assertVariationNameFree(product.id, key, 'name', 'This product already has a variation with this name.');
    let slug = input.slug;
    if (slug !== undefined) await this.assertVariationNameFree(product.id, slug, 'slug', 'This product already has a variation with this slug.');
    else slug = await this.freeVariationSlug(product.id, slugify(name, 'variation'));
    try {
      const repo = this.ds.getRepository(ProductVariation);
      const variation = await repo.save(repo.create({ tenantId, productId: product.id, name, nameKey: key, slug }));
      return { product, variation };
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('This product already has a variation with this name or slug.', 'name');
      throw e;
    }
  }

  async updateVariation(
    tenantId: number,
    productRef: string,
    variationRef: string,
    patch: Partial<VariationInput>,
  ): Promise<{ product: Product; variation: ProductVariation }> {
    const product = await this.get(tenantId, productRef);
    const variation = await this.getVariation(product, variationRef);
    const errors: Record<string, string[]> = {};
    if (patch.name !== undefined) Object.assign(errors, problems('name', nameProblems('name', patch.name, VARIATION_NAME_MAX)));
    if (patch.slug !== undefined) Object.assign(errors, problems('slug', slugProblems('slug', patch.slug)));
    if (Object.keys(errors).length) throw new ProductInputError(errors);
    if (patch.name !== undefined && nameKey(patch.name) !== variation.nameKey) {
      await this.assertVariationNameFree(product.id, nameKey(patch.name), 'name', 'This product already has a variation with this name.', variation.id);
    }
    if (patch.slug !== undefined && patch.slug !== variation.slug) {
      await this.assertVariationNameFree(product.id, patch.slug, 'slug', 'This product already has a variation with this slug.', variation.id);
    }
    const after = { slug: patch.slug ?? variation.slug, nameKey: patch.name !== undefined ? nameKey(patch.name) : variation.nameKey };
    const licenses = await this.countLicenseReferences(tenantId, lostRefs([[product, variation]], [[product, after]]));
    if (licenses > 0) {
      throw new ProductInUseError(`${licenses} license(s) reference this variation by the name or slug being changed; change their product_ref first.`, licenses);
    }
    if (patch.name !== undefined) {
      variation.name = patch.name.trim();
      variation.nameKey = nameKey(patch.name);
    }
    if (patch.slug !== undefined) variation.slug = patch.slug;
    try {
      return { product, variation: await this.ds.getRepository(ProductVariation).save(variation) };
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('This product already has a variation with this name or slug.', 'name');
      throw e;
    }
  }

  /** Deletes a variation with its versions and files; refused while licenses reference it by name. */
  async removeVariation(tenantId: number, productRef: string, variationRef: string): Promise<void> {
    const product = await this.get(tenantId, productRef);
    const variation = await this.getVariation(product, variationRef);
    const licenses = await this.countLicenseReferences(tenantId, refKeysNaming(product, variation));
    if (licenses > 0) {
      throw new ProductInUseError(`This variation is still referenced by ${licenses} license(s); change their product_ref first.`, licenses);
    }
    const versionIds = (await this.ds.getRepository(ProductVersion).find({ where: { productId: product.id, variationId: variation.id } })).map(
      (v) => v.id,
    );
    const files = versionIds.length ? await this.ds.getRepository(ProductFile).find({ where: { tenantId, versionId: In(versionIds) } }) : [];
    await this.ds.getRepository(ProductVariation).delete({ id: variation.id, productId: product.id }); // cascades to versions and files
    await this.removeStored(files);
  }

  /** Removes stored objects of deleted rows; a failure leaves an orphan object, never a row without its file. */
  async removeStored(files: ProductFile[]): Promise<void> {
    for (const f of files) {
      try {
        await this.storage.remove(f.storageKey);
      } catch (e) {
        this.logger.warn({ err: e, file: f.id }, 'Could not remove a stored release file');
      }
    }
  }

  /** Every reference key that names this product or one of its variations. */
  private async refsOf(product: Product): Promise<string[]> {
    const variations = await this.variationsOf(product.id);
    return [...refKeysNaming(product), ...variations.flatMap((v) => refKeysNaming(product, v))];
  }

  /** The tenant's products the reference keys name (names and slugs share one namespace: one product per key). */
  private async findProduct(tenantId: number, keys: string[]): Promise<Product[]> {
    const wanted = keys.filter(Boolean);
    if (!wanted.length) return [];
    const rows = await this.ds.getRepository(Product).find({ where: [{ tenantId, slug: In(wanted) }, { tenantId, nameKey: In(wanted) }], order: { id: 'ASC' } });
    // MariaDB's default collation would also match `Plügin` to `plugin`: the rule decides, not the collation
    return rows.filter((p) => wanted.some((k) => names(p, k)));
  }

  private async findVariation(productId: number, key: string): Promise<ProductVariation[]> {
    if (!key) return [];
    const rows = await this.ds.getRepository(ProductVariation).find({ where: [{ productId, slug: key }, { productId, nameKey: key }], order: { id: 'ASC' } });
    return rows.filter((v) => names(v, key));
  }

  /**
   * How many licenses of the tenant carry one of `refs` (lower-cased) as product_ref or
   * item_reference. A plain query on the licenses table through the DataSource, so that
   * ProductsModule need not import LicensesModule (which imports ProductsModule).
   */
  private async countLicenseReferences(tenantId: number, refs: string[]): Promise<number> {
    const unique = [...new Set(refs.filter(Boolean))];
    if (!unique.length) return 0;
    const marks = unique.map(() => '?').join(', ');
    const rows: Array<{ n: number | string }> = await this.ds.query(
      `SELECT COUNT(*) AS n FROM licenses WHERE tenant_id = ? AND (LOWER(TRIM(product_ref)) IN (${marks}) OR LOWER(TRIM(item_reference)) IN (${marks}))`,
      [tenantId, ...unique, ...unique],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Names and slugs share one namespace per tenant (a reference may be either), so a new name
   * or slug must be neither the name nor the slug of another product.
   */
  private async assertProductNameFree(tenantId: number, value: string, field: string, message: string, exceptId?: number) {
    const rows = await this.ds.getRepository(Product).find({ where: [{ tenantId, nameKey: value }, { tenantId, slug: value }] });
    if (rows.some((p) => p.id !== exceptId)) throw new ConflictError(message, field);
  }

  private async assertVariationNameFree(productId: number, value: string, field: string, message: string, exceptId?: number) {
    const rows = await this.ds.getRepository(ProductVariation).find({ where: [{ productId, nameKey: value }, { productId, slug: value }] });
    if (rows.some((v) => v.id !== exceptId)) throw new ConflictError(message, field);
  }

  private async freeProductSlug(tenantId: number, base: string): Promise<string> {
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await this.ds.getRepository(Product).exists({ where: [{ tenantId, slug }, { tenantId, nameKey: slug }] }))) return slug;
    }
  }

  private async freeVariationSlug(productId: number, base: string): Promise<string> {
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await this.ds.getRepository(ProductVariation).exists({ where: [{ productId, slug }, { productId, nameKey: slug }] }))) return slug;
    }
  }
}

type Line = { slug: string; nameKey: string } | readonly [{ slug: string; nameKey: string }, { slug: string; nameKey: string }];

/** The reference keys that name the lines (a product, or a product and variation) before a change but not after it. */
function lostRefs(before: Line[], after: Line[]): string[] {
  const keys = (lines: Line[]) => lines.flatMap((l) => (Array.isArray(l) ? refKeysNaming(l[0], l[1]) : refKeysNaming(l as { slug: string; nameKey: string })));
  const kept = new Set(keys(after));
  return keys(before).filter((k) => !kept.has(k));
}

function problems(field: string, messages: string[]): Record<string, string[]> {
  return messages.length ? { [field]: messages } : {};
}
