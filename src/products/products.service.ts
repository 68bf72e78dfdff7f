import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { FileStorage } from '../storage/file-storage';
import { isUniqueViolation } from './db-errors';
import { Product, ProductFile, ProductVariation, ProductVersion } from './entities';
import {
  ConflictError,
  ProductInputError,
  ProductInUseError,
  ProductNotFoundError,
  VariationNotFoundError,
} from './product-errors';
import { nameKey, nameProblems, PRODUCT_NAME_MAX, slugify, slugProblems, VARIATION_NAME_MAX } from './product-names';

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
   * Whether `productRef` may be used on a license of this tenant: true when the tenant has
   * defined no products yet, else whether it names one of them (name or slug, case-insensitive,
   * or `"<product> <variation>"` as MERAF's product list with variations spells them).
   */
  async isKnownProductRef(tenantId: number, productRef: string): Promise<boolean> {
    if (await this.resolveRef(tenantId, productRef)) return true;
    return !(await this.ds.getRepository(Product).exists({ where: { tenantId } }));
  }

  /** The product (and variation) a reference names: name or slug (case-insensitive), or "product variation". */
  async resolveRef(tenantId: number, ref: string): Promise<ProductRefMatch | null> {
    const key = typeof ref === 'string' ? nameKey(ref) : '';
    if (!key || key.length > MAX_REF_LENGTH) return null;
    const products = this.ds.getRepository(Product);
    const direct = await products.findOne({ where: [{ tenantId, nameKey: key }, { tenantId, slug: key }] });
    if (direct) return { product: direct, variation: null };
    const splits: Array<[string, string]> = [];
    for (let i = key.indexOf(' '); i !== -1; i = key.indexOf(' ', i + 1)) splits.push([key.slice(0, i).trim(), key.slice(i + 1).trim()]);
    if (!splits.length) return null;
    const candidates = await products.find({ where: { tenantId, nameKey: In([...new Set(splits.map(([p]) => p))]) } });
    for (const product of candidates) {
      for (const [prefix, suffix] of splits) {
        if (prefix !== product.nameKey || !suffix) continue;
        const variation = await this.ds.getRepository(ProductVariation).findOne({ where: { productId: product.id, nameKey: suffix } });
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
    else {
      const key = nameKey(ref);
      if (key) product = await products.findOne({ where: [{ tenantId, slug: key }, { tenantId, nameKey: key }] });
    }
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

    const lost: string[] = [];
    const variations = await this.ds.getRepository(ProductVariation).find({ where: { productId: product.id } });
    if (patch.name !== undefined && nameKey(patch.name) !== product.nameKey) {
      const key = nameKey(patch.name);
      await this.assertProductNameFree(tenantId, key, 'name', 'A product with this name already exists.', product.id);
      lost.push(product.nameKey, ...variations.map((v) => `${product.nameKey} ${v.nameKey}`));
    }
    if (patch.slug !== undefined && patch.slug !== product.slug) {
      await this.assertProductNameFree(tenantId, patch.slug, 'slug', 'A product with this slug already exists.', product.id);
      lost.push(product.slug);
    }
    // a reference the product keeps answering to (its new name may equal its old slug) is not lost
    const keeps = new Set([patch.name !== undefined ? nameKey(patch.name) : product.nameKey, patch.slug ?? product.slug]);
    const licenses = await this.countLicenseReferences(tenantId, lost.filter((r) => !keeps.has(r)));
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
    else {
      const key = nameKey(ref);
      if (key) variation = await repo.findOne({ where: [{ productId: product.id, slug: key }, { productId: product.id, nameKey: key }] });
    }
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
      const licenses = await this.countLicenseReferences(tenantId, [`${product.nameKey} ${variation.nameKey}`]);
      if (licenses > 0) {
        throw new ProductInUseError(`${licenses} license(s) reference this variation by its name; change their product_ref first.`, licenses);
      }
      variation.name = patch.name.trim();
      variation.nameKey = nameKey(patch.name);
    }
    if (patch.slug !== undefined && patch.slug !== variation.slug) {
      await this.assertVariationNameFree(product.id, patch.slug, 'slug', 'This product already has a variation with this slug.', variation.id);
      variation.slug = patch.slug;
    }
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
    const licenses = await this.countLicenseReferences(tenantId, [`${product.nameKey} ${variation.nameKey}`]);
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

  /** Every reference that names this product: name, slug and "name variation" (lower-cased). */
  private async refsOf(product: Product): Promise<string[]> {
    const variations = await this.variationsOf(product.id);
    return [product.nameKey, product.slug, ...variations.map((v) => `${product.nameKey} ${v.nameKey}`)];
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

function problems(field: string, messages: string[]): Record<string, string[]> {
  return messages.length ? { [field]: messages } : {};
}
