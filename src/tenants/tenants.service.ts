import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { CryptoService, DecryptionError, timingSafeEqualStr } from '../crypto/crypto.service';
import { generateSecretKey, generateUserApiKey, SECRET_KEY_PATTERN, USER_API_KEY_PATTERN } from '../crypto/key-generators';
import { withTransaction } from '../database/transaction';
import { TenantContext, TenantLimitTier, TenantRateLimits } from '../common/decorators/tenant.decorator';
import { TenantActivityAction, TenantEvents } from '../common/events';
import type { RequestMeta } from '../common/request-meta';
import { DomainEventRecorder, domainEvent, RecordedEvent } from '../events/domain-events';
import { CredentialKind, SECRET_SCOPES, SecretScope, TenantCredential } from './entities/tenant-credential.entity';
import { Tenant, TenantStatus } from './entities/tenant.entity';
import { parseStoredSettings, TenantSettings, UpdateTenantSettingsDto } from './tenant-settings';

export class TenantExistsError extends Error {}
/** A stored credential that the master key cannot decrypt (the row is damaged). Names no secret. */
export class CredentialUnreadableError extends Error {
  constructor(
    readonly tenantId: number,
    readonly kind: CredentialKind,
  ) {
    super(`The stored ${kind} credential of tenant ${tenantId} cannot be decrypted with this MASTER_KEY`);
  }
}
export class TenantNotFoundError extends Error {}
export class InvalidSettingsError extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('Invalid settings');
  }
}

export interface TenantCredentials {
  apiKey: string;
  secretKeys: Record<SecretScope, string>;
}

export interface CreateTenantInput {
  username: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;
const ALL_KINDS: CredentialKind[] = [...SECRET_SCOPES, 'api'];

interface CacheEntry {
  tenant: TenantContext | null;
  expires: number;
}

/**
 * Tenants and their credentials. Secrets are stored encrypted with a blind index; resolving a
 * presented secret is one indexed read (cached for AUTH_CACHE_TTL_MS), a decryption and a
 * timing-safe comparison.
 */
@Injectable()
export class TenantsService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly config: AppConfig,
    private readonly recorder: DomainEventRecorder,
  ) {}

  async create(input: CreateTenantInput): Promise<{ tenant: Tenant } & TenantCredentials> {
    const existing = await this.ds.getRepository(Tenant).findOne({ where: { username: input.username } });
    if (existing) throw new TenantExistsError(`Tenant "${input.username}" already exists`);
    return withTransaction(this.ds, async (m) => {
      const tenant = await m.getRepository(Tenant).save(
        m.getRepository(Tenant).create({
          username: input.username,
          email: input.email,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          status: 'active',
          settings: null,
        }),
      );
      const creds = await this.issue(m, tenant.id, ALL_KINDS);
      return { tenant, apiKey: creds.api!, secretKeys: pickSecrets(creds) };
    });
  }

  /**
   * Replaces the given credentials with fresh ones; old values stop working at once. Records
   * `tenant.keys_rotated` (its audit row names the kinds, never a value) in the same transaction.
   * `meta`: the request's client, absent for the CLI.
   */
  async rotate(tenantId: number, kinds: CredentialKind[] = ALL_KINDS, meta?: RequestMeta): Promise<Partial<Record<CredentialKind, string>>> {
    let events: RecordedEvent[] = [];
    const result = await withTransaction(this.ds, async (m) => {
      const tenant = await m.getRepository(Tenant).findOne({ where: { id: tenantId } });
      if (!tenant) throw new TenantNotFoundError();
      await m.getRepository(TenantCredential).delete(kinds.map((kind) => ({ tenantId, kind })));
      const issued = await this.issue(m, tenantId, kinds);
      events = [
        domainEvent(TenantEvents.KeysRotated, tenantId, { kinds: [...kinds] }, { ...auditBy(meta), licenseKey: '', actionType: TenantActivityAction.KeysRotated, details: `Credentials rotated: ${kinds.join(', ')}`, isValid: true }),
      ];
      await this.recorder.record(m, events);
      return issued;
    });
    this.invalidate(tenantId);
    this.recorder.publish(events);
    return result;
  }

  private async issue(m: EntityManager, tenantId: number, kinds: CredentialKind[]) {
    const out: Partial<Record<CredentialKind, string>> = {};
    const repo = m.getRepository(TenantCredential);
    for (const kind of kinds) {
      for (let attempt = 0; ; attempt++) {
        const value = kind === 'api' ? generateUserApiKey() : generateSecretKey();
        const blindIndex = this.crypto.blindIndex(kind, value);
        // User-API-Keys are short: a collision with another tenant's key is possible, so retry.
        if (await repo.exists({ where: { blindIndex } })) {
          if (attempt > 20) throw new Error('Could not generate a unique credential');
          continue;
        }
        await repo.insert({ tenantId, kind, blindIndex, ciphertext: this.crypto.encrypt(tenantId, value) });
        out[kind] = value;
        break;
      }
    }
    return out;
  }

  /**
   * The active tenant that owns `value` as a credential of one of `kinds`, or null.
   * Format is checked first so malformed input costs no query.
   */
  async resolve(kinds: readonly CredentialKind[], value: string | undefined): Promise<TenantContext | null> {
    if (typeof value !== 'string') return null;
    for (const kind of kinds) {
      const pattern = kind === 'api' ? USER_API_KEY_PATTERN : SECRET_KEY_PATTERN;
      if (!pattern.test(value)) continue;
      const tenant = await this.resolveOne(kind, value);
      if (tenant) return tenant;
    }
    return null;
  }

  private async resolveOne(kind: CredentialKind, value: string): Promise<TenantContext | null> {
    const blindIndex = this.crypto.blindIndex(kind, value);
    const cacheKey = `${kind}:${blindIndex}`;
    const now = Date.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.expires > now) return hit.tenant;

    const rows: Array<{ tenant_id: number; ciphertext: string; username: string; status: TenantStatus } & LimitColumns> = await this.ds.query(
      'SELECT c.tenant_id AS tenant_id, c.ciphertext AS ciphertext, t.username AS username, t.status AS status, ' +
        't.rate_limit_auth AS rate_limit_auth, t.rate_limit_management AS rate_limit_management, t.rate_limit_info AS rate_limit_info ' +
        'FROM tenant_credentials c JOIN tenants t ON t.id = c.tenant_id WHERE c.blind_index = ? AND c.kind = ?',
      [blindIndex, kind],
    );
    let tenant: TenantContext | null = null;
    const row = rows[0];
    if (row && row.status === 'active') {
      let stored: string;
      try {
        stored = this.crypto.decrypt(row.tenant_id, row.ciphertext);
      } catch (e) {
        // a row the master key cannot read is damage (a wrong key stops start-up): a server fault, not a failed login
        if (e instanceof DecryptionError) throw new CredentialUnreadableError(Number(row.tenant_id), kind);
        throw e;
      }
      if (timingSafeEqualStr(stored, value)) {
        tenant = { id: Number(row.tenant_id), username: row.username };
        const rateLimits = limitsOf(row);
        if (rateLimits) tenant.rateLimits = rateLimits;
      }
    }
    if (this.config.authCacheTtlMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(cacheKey, { tenant, expires: now + this.config.authCacheTtlMs });
    }
    return tenant;
  }

  /** Forget cached lookups (after rotation, suspension or deletion). */
  invalidate(_tenantId?: number): void {
    this.cache.clear();
  }

  async revealApiKey(tenantId: number): Promise<string | null> {
    const row = await this.ds.getRepository(TenantCredential).findOne({ where: { tenantId, kind: 'api' } });
    return row ? this.crypto.decrypt(tenantId, row.ciphertext) : null;
  }

  /** `manager`: read inside that transaction (its own connection) instead of the pool. */
  async get(tenantId: number, manager: EntityManager = this.ds.manager): Promise<Tenant> {
    const tenant = await manager.getRepository(Tenant).findOne({ where: { id: tenantId } });
    if (!tenant) throw new TenantNotFoundError();
    return tenant;
  }

  async findByUsername(username: string): Promise<Tenant | null> {
    return this.ds.getRepository(Tenant).findOne({ where: { username } });
  }

  async list(): Promise<Tenant[]> {
    return this.ds.getRepository(Tenant).find({ order: { id: 'ASC' } });
  }

  async setStatus(tenantId: number, status: TenantStatus): Promise<Tenant> {
    const tenant = await this.get(tenantId);
    tenant.status = status;
    await this.ds.getRepository(Tenant).save(tenant);
    this.invalidate(tenantId);
    return tenant;
  }

  /**
   * Sets the tenant's own rate limits (operator only): a number replaces the per-IP limit of that
   * tier for the tenant's authenticated requests, null goes back to it, an absent tier is kept.
   */
  async setRateLimits(tenantId: number, limits: Partial<Record<TenantLimitTier, number | null>>): Promise<Tenant> {
    const tenant = await this.get(tenantId);
    const changes: Partial<Pick<Tenant, 'rateLimitAuth' | 'rateLimitManagement' | 'rateLimitInfo'>> = {};
    if (limits.auth !== undefined) changes.rateLimitAuth = limits.auth;
    if (limits.management !== undefined) changes.rateLimitManagement = limits.management;
    if (limits.info !== undefined) changes.rateLimitInfo = limits.info;
    if (Object.keys(changes).length > 0) {
      await this.ds.getRepository(Tenant).update({ id: tenantId }, changes);
      Object.assign(tenant, changes);
      this.invalidate(tenantId);
    }
    return tenant;
  }

  async remove(tenantId: number): Promise<void> {
    await this.get(tenantId);
    await this.ds.getRepository(Tenant).delete({ id: tenantId });
    this.invalidate(tenantId);
  }

  async getSettings(tenantId: number, manager?: EntityManager): Promise<TenantSettings> {
    return parseStoredSettings((await this.get(tenantId, manager)).settings, tenantId);
  }

  /**
   * Applies the sent settings. When a value changed, records `tenant.settings_updated` (its audit
   * row names the changed settings) in the same transaction as the change.
   */
  async updateSettings(tenantId: number, patch: UpdateTenantSettingsDto, meta?: RequestMeta): Promise<TenantSettings> {
    let events: RecordedEvent[] = [];
    const next = await withTransaction(this.ds, async (m) => {
      const tenant = await this.get(tenantId, m);
      const current = parseStoredSettings(tenant.settings, tenantId);
      const next: TenantSettings = { ...current };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
      const random = next.licenseKeyCharsCount - next.licensePrefix.length - next.licenseSuffix.length;
      if (random < 8) {
        throw new InvalidSettingsError({
          licenseKeyCharsCount: ['licenseKeyCharsCount must leave at least 8 random characters after prefix and suffix'],
        });
      }
      tenant.settings = JSON.stringify(next);
      await m.getRepository(Tenant).save(tenant);
      const changed = (Object.keys(next) as Array<keyof TenantSettings>).filter((k) => next[k] !== current[k]);
      events = changed.length
        ? [domainEvent(TenantEvents.SettingsUpdated, tenantId, { changed }, { ...auditBy(meta), licenseKey: '', actionType: TenantActivityAction.SettingsUpdated, details: `Settings updated: ${changed.join(', ')}`, isValid: true })]
        : [];
      await this.recorder.record(m, events);
      return next;
    });
    this.recorder.publish(events);
    return next;
  }
}

/** The client fields of an audit row: the request's, or none (the CLI). */
function auditBy(meta: RequestMeta | undefined): { ip?: string; userAgent?: string } {
  return meta ? { ip: meta.ip, userAgent: meta.userAgent } : {};
}

function pickSecrets(creds: Partial<Record<CredentialKind, string>>): Record<SecretScope, string> {
  return Object.fromEntries(SECRET_SCOPES.map((s) => [s, creds[s]!])) as Record<SecretScope, string>;
}

type LimitColumns = { rate_limit_auth: number | null; rate_limit_management: number | null; rate_limit_info: number | null };

/** The limits a tenant row sets, or undefined when it sets none. */
function limitsOf(row: LimitColumns): TenantRateLimits | undefined {
  const limits: TenantRateLimits = {};
  if (row.rate_limit_auth != null) limits.auth = Number(row.rate_limit_auth);
  if (row.rate_limit_management != null) limits.management = Number(row.rate_limit_management);
  if (row.rate_limit_info != null) limits.info = Number(row.rate_limit_info);
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** The tenant's own rate limits as the operator API and CLI show them (null: the per-IP limit). */
export function presentRateLimits(t: Tenant): Record<TenantLimitTier, number | null> {
  return { auth: t.rateLimitAuth ?? null, management: t.rateLimitManagement ?? null, info: t.rateLimitInfo ?? null };
}

export function presentTenant(t: Tenant) {
  return {
    id: t.id,
    username: t.username,
    email: t.email,
    first_name: t.firstName,
    last_name: t.lastName,
    status: t.status,
    rate_limits: presentRateLimits(t),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}
