import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { CryptoService, DecryptionError, timingSafeEqualStr } from '../crypto/crypto.service';
import { generateToken } from '../crypto/key-generators';
import { withTransaction } from '../database/transaction';
import { FluentLead, LeadStatus } from './entities/fluent-lead.entity';
import { FluentProduct } from './entities/fluent-product.entity';
import { FluentProductsService, isDuplicateKey, ProductNotFoundError } from './fluent-products.service';

export class LeadNotFoundError extends Error {}
export class LeadClosedError extends Error {}
export class LeadTokenTakenError extends Error {}
export { ProductNotFoundError };

/** The lead (and so the tenant and product) a request's token resolved to. */
export interface LeadContext {
  id: number;
  tenantId: number;
  tenantUsername: string;
  productId: number;
  productSlug: string;
  email: string;
  domain: string;
}

export interface CreateLeadInput {
  productSlug: string;
  domain: string;
  email: string;
  name?: string;
  /** a token carried over from another server (migration); generated when absent */
  token?: string;
}

export interface LeadListFilter {
  productSlug?: string;
  status?: LeadStatus;
}

/** Tokens we generate are 43 base64url chars; imported ones may be any 16-255 printable ASCII characters. */
export const LEAD_TOKEN_PATTERN = /^[\x21-\x7E]{16,255}$/;
const BLIND_INDEX_PURPOSE = 'fluent-lead';

/**
 * Leads: the plugin installations allowed to call the License API v1. A token is shown once, at
 * creation; it is stored encrypted with a blind index and resolved with one indexed read and a
 * timing-safe comparison. No cache: closing a lead takes effect on the next request.
 */
@Injectable()
export class FluentLeadsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly products: FluentProductsService,
  ) {}

  async create(tenantId: number, input: CreateLeadInput): Promise<{ lead: FluentLead; productSlug: string; token: string }> {
    const product = await this.products.get(tenantId, input.productSlug);
    const repo = this.ds.getRepository(FluentLead);
    for (let attempt = 0; ; attempt++) {
      const token = input.token ?? generateToken();
      const tokenBlindIndex = this.crypto.blindIndex(BLIND_INDEX_PURPOSE, token);
      try {
        const row = repo.create({
          tenantId,
          productId: product.id,
          domain: input.domain,
          email: input.email,
          name: input.name ?? '',
          status: 'active',
          tokenCiphertext: this.crypto.encrypt(tenantId, token),
          tokenBlindIndex,
          closedAt: null,
        });
        const lead = await withTransaction(this.ds, (m) => m.getRepository(FluentLead).save(row));
        return { lead, productSlug: product.slug, token };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        if (input.token !== undefined) throw new LeadTokenTakenError();
        if (attempt > 3) throw e;
      }
    }
  }

  async list(tenantId: number, filter: LeadListFilter = {}): Promise<Array<{ lead: FluentLead; productSlug: string }>> {
    const where: FindOptionsWhere<FluentLead> = { tenantId };
    const slugs = new Map((await this.products.list(tenantId)).map((p) => [p.id, p.slug]));
    if (filter.productSlug !== undefined) {
      const id = [...slugs].find(([, slug]) => slug === filter.productSlug)?.[0];
      if (id === undefined) return [];
      where.productId = id;
    }
    if (filter.status) where.status = filter.status;
    const leads = await this.ds.getRepository(FluentLead).find({ where, order: { id: 'DESC' } });
    return leads.map((lead) => ({ lead, productSlug: slugs.get(lead.productId) ?? '' }));
  }

  async get(tenantId: number, id: number): Promise<{ lead: FluentLead; productSlug: string }> {
    const lead = await this.ds.getRepository(FluentLead).findOne({ where: { id, tenantId } });
    if (!lead) throw new LeadNotFoundError();
    const product = await this.ds.getRepository(FluentProduct).findOne({ where: { id: lead.productId, tenantId } });
    return { lead, productSlug: product?.slug ?? '' };
  }

  /** Closes a lead for good: its token stops working at once. Closing a closed lead changes nothing. */
  async close(tenantId: number, id: number): Promise<{ lead: FluentLead; productSlug: string }> {
    const found = await this.get(tenantId, id);
    if (found.lead.status !== 'closed') {
      found.lead.status = 'closed';
      found.lead.closedAt = new Date();
      await withTransaction(this.ds, (m) => m.getRepository(FluentLead).save(found.lead));
    }
    return found;
  }

  /** Suspends (`inactive`) or resumes (`active`) a lead; a closed lead stays closed. */
  async setStatus(tenantId: number, id: number, status: 'active' | 'inactive'): Promise<{ lead: FluentLead; productSlug: string }> {
    const found = await this.get(tenantId, id);
    if (found.lead.status === 'closed') throw new LeadClosedError();
    found.lead.status = status;
    await withTransaction(this.ds, (m) => m.getRepository(FluentLead).save(found.lead));
    return found;
  }

  /** The active lead of an active tenant that owns `token`, or null. */
  async resolveToken(token: string | undefined): Promise<LeadContext | null> {
    if (typeof token !== 'string' || !LEAD_TOKEN_PATTERN.test(token)) return null;
    const rows: Array<{
      id: number;
      tenant_id: number;
      product_id: number;
      status: string;
      token_ciphertext: string;
      email: string;
      domain: string;
      slug: string;
      username: string;
      tenant_status: string;
    }> = await this.ds.query(
      'SELECT l.id AS id, l.tenant_id AS tenant_id, l.product_id AS product_id, l.status AS status, ' +
        'l.token_ciphertext AS token_ciphertext, l.email AS email, l.domain AS domain, p.slug AS slug, ' +
        't.username AS username, t.status AS tenant_status ' +
        'FROM fluent_leads l JOIN fluent_products p ON p.id = l.product_id JOIN tenants t ON t.id = l.tenant_id ' +
        'WHERE l.token_blind_index = ?',
      [this.crypto.blindIndex(BLIND_INDEX_PURPOSE, token)],
    );
    const row = rows[0];
    if (!row || row.status !== 'active' || row.tenant_status !== 'active') return null;
    let stored = '';
    try {
      stored = this.crypto.decrypt(row.tenant_id, row.token_ciphertext);
    } catch (e) {
      if (!(e instanceof DecryptionError)) throw e;
    }
    if (!stored || !timingSafeEqualStr(stored, token)) return null;
    return {
      id: Number(row.id),
      tenantId: Number(row.tenant_id),
      tenantUsername: row.username,
      productId: Number(row.product_id),
      productSlug: row.slug,
      email: row.email,
      domain: row.domain,
    };
  }
}
