import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { withTransaction } from '../database/transaction';
import { names, refKey } from '../products/product-ref';
import { FluentPopupMessage } from './entities/fluent-popup-message.entity';
import { FluentProduct } from './entities/fluent-product.entity';
import { isUsableApiUrl } from './upstream/fluent-protocol';

export class ProductExistsError extends Error {}
export class ProductNotFoundError extends Error {}
export class PopupMessageNotFoundError extends Error {}

export interface ProductInput {
  slug: string;
  name?: string;
  apiUrl?: string | null;
  itemId?: number | null;
  isActive?: boolean;
}

export type ProductPatch = Partial<Omit<ProductInput, 'slug'>>;

export interface PopupMessageInput {
  type: string;
  message: string;
  isActive?: boolean;
}

/** What the bridge needs to call the store: only an active product with both fields set has it. */
export interface UpstreamConfig {
  apiUrl: string;
  itemId: number;
}

export interface PopupMessageView {
  type: string;
  message: string;
}

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isDuplicateKey(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const err = e as QueryFailedError & { code?: string; errno?: number; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(err.message);
}

/**
 * Products (the original's FluentInfo rows) and their popup messages, per tenant. Active popup
 * messages are cached in memory per product (FLUENT_POPUP_CACHE_TTL_MS, 1 h); every write through
 * this service drops that product's entry at once (other instances catch up within the TTL).
 */
@Injectable()
export class FluentProductsService {
  private readonly popupCache = new Map<number, { expires: number; messages: PopupMessageView[] }>();
  /** bumped by every write, so a read that raced a write does not cache what it read before it */
  private readonly popupGeneration = new Map<number, number>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {}

  list(tenantId: number): Promise<FluentProduct[]> {
    return this.ds.getRepository(FluentProduct).find({ where: { tenantId }, order: { slug: 'ASC' } });
  }

  findBySlug(tenantId: number, slug: string): Promise<FluentProduct | null> {
    // slugs are lower-case ASCII: anything else is no product on either database (MariaDB's
    // case- and accent-insensitive collation would otherwise match `appzä` or `APPZA` to `appza`)
    if (!SLUG_PATTERN.test(slug)) return Promise.resolve(null);
    return this.ds.getRepository(FluentProduct).findOne({ where: { tenantId, slug } });
  }

  /**
   * The product a client's `product` parameter names, by the one product rule (products/product-ref.ts):
   * its slug without regard to case, or its name as an alias.
   */
  async findByRef(tenantId: number, ref: string): Promise<FluentProduct | null> {
    const key = refKey(ref);
    if (!key) return null;
    const bySlug = await this.findBySlug(tenantId, key);
    if (bySlug) return bySlug;
    return (await this.list(tenantId)).find((p) => names({ slug: p.slug, nameKey: refKey(p.name) }, key)) ?? null;
  }

  async get(tenantId: number, slug: string): Promise<FluentProduct> {
    const product = await this.findBySlug(tenantId, slug);
    if (!product) throw new ProductNotFoundError();
    return product;
  }

  async create(tenantId: number, input: ProductInput): Promise<FluentProduct> {
    const repo = this.ds.getRepository(FluentProduct);
    if (await repo.exists({ where: { tenantId, slug: input.slug } })) throw new ProductExistsError();
    try {
      const product = repo.create({
        tenantId,
        slug: input.slug,
        name: input.name ?? '',
        apiUrl: input.apiUrl ?? null,
        itemId: input.itemId ?? null,
        isActive: input.isActive ?? true,
      });
      return await withTransaction(this.ds, (m) => m.getRepository(FluentProduct).save(product));
    } catch (e) {
      if (isDuplicateKey(e)) throw new ProductExistsError();
      throw e;
    }
  }

  async update(tenantId: number, slug: string, patch: ProductPatch): Promise<FluentProduct> {
    const product = await this.get(tenantId, slug);
    if (patch.name !== undefined) product.name = patch.name;
    if (patch.apiUrl !== undefined) product.apiUrl = patch.apiUrl;
    if (patch.itemId !== undefined) product.itemId = patch.itemId;
    if (patch.isActive !== undefined) product.isActive = patch.isActive;
    return withTransaction(this.ds, (m) => m.getRepository(FluentProduct).save(product));
  }

  /** Creates the product or updates the fields given (CLI `fluent:product:set`). */
  async upsert(tenantId: number, input: ProductInput): Promise<{ product: FluentProduct; created: boolean }> {
    const { slug, ...patch } = input;
    if (await this.findBySlug(tenantId, slug)) return { product: await this.update(tenantId, slug, patch), created: false };
    try {
      return { product: await this.create(tenantId, input), created: true };
    } catch (e) {
      if (e instanceof ProductExistsError) return { product: await this.update(tenantId, slug, patch), created: false };
      throw e;
    }
  }

  async remove(tenantId: number, slug: string): Promise<void> {
    const product = await this.get(tenantId, slug);
    await withTransaction(this.ds, (m) => m.getRepository(FluentProduct).delete({ id: product.id, tenantId }));
    this.invalidatePopups(product.id);
  }

  /** The store settings of an active, fully configured product, else null ("Invalid Fluent plugin configuration."). */
  upstreamConfig(product: FluentProduct | null): UpstreamConfig | null {
    if (!product || !product.isActive || product.itemId === null || !Number.isInteger(product.itemId) || !isUsableApiUrl(product.apiUrl)) {
      return null;
    }
    return { apiUrl: product.apiUrl, itemId: product.itemId };
  }

  // popup messages

  async listMessages(tenantId: number, slug: string): Promise<FluentPopupMessage[]> {
    const product = await this.get(tenantId, slug);
    return this.ds.getRepository(FluentPopupMessage).find({ where: { tenantId, productId: product.id }, order: { id: 'ASC' } });
  }

  async addMessage(tenantId: number, slug: string, input: PopupMessageInput): Promise<FluentPopupMessage> {
    const product = await this.get(tenantId, slug);
    const repo = this.ds.getRepository(FluentPopupMessage);
    const saved = await withTransaction(this.ds, (m) =>
      m.getRepository(FluentPopupMessage).save(
        repo.create({ tenantId, productId: product.id, type: input.type, message: input.message, isActive: input.isActive ?? true }),
      ),
    );
    this.invalidatePopups(product.id);
    return saved;
  }

  async updateMessage(tenantId: number, slug: string, id: number, patch: Partial<PopupMessageInput>): Promise<FluentPopupMessage> {
    const product = await this.get(tenantId, slug);
    const repo = this.ds.getRepository(FluentPopupMessage);
    const message = await repo.findOne({ where: { id, tenantId, productId: product.id } });
    if (!message) throw new PopupMessageNotFoundError();
    if (patch.type !== undefined) message.type = patch.type;
    if (patch.message !== undefined) message.message = patch.message;
    if (patch.isActive !== undefined) message.isActive = patch.isActive;
    const saved = await withTransaction(this.ds, (m) => m.getRepository(FluentPopupMessage).save(message));
    this.invalidatePopups(product.id);
    return saved;
  }

  async removeMessage(tenantId: number, slug: string, id: number): Promise<void> {
    const product = await this.get(tenantId, slug);
    const result = await withTransaction(this.ds, (m) => m.getRepository(FluentPopupMessage).delete({ id, tenantId, productId: product.id }));
    this.invalidatePopups(product.id);
    if (!result.affected) throw new PopupMessageNotFoundError();
  }

  /** The product's active popup messages as the plugins read them (`[{type, message}]`), cached. */
  async activePopupMessages(tenantId: number, productId: number): Promise<PopupMessageView[]> {
    const now = Date.now();
    const hit = this.popupCache.get(productId);
    if (hit && hit.expires > now) return hit.messages;
    const generation = this.popupGeneration.get(productId) ?? 0;
    const rows = await this.ds
      .getRepository(FluentPopupMessage)
      .find({ where: { tenantId, productId, isActive: true }, order: { id: 'ASC' }, select: { id: true, type: true, message: true } });
    const messages = rows.map((r) => ({ type: r.type, message: r.message }));
    if (this.config.bridge.popupCacheTtlMs > 0 && (this.popupGeneration.get(productId) ?? 0) === generation) {
      if (this.popupCache.size > 10_000) this.popupCache.clear();
      this.popupCache.set(productId, { expires: now + this.config.bridge.popupCacheTtlMs, messages });
    }
    return messages;
  }

  private invalidatePopups(productId: number): void {
    this.popupCache.delete(productId);
    this.popupGeneration.set(productId, (this.popupGeneration.get(productId) ?? 0) + 1);
  }
}
