import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, Brackets, DataSource, EntityManager, In, LessThanOrEqual, MoreThan, SelectQueryBuilder } from 'typeorm';
import { deleteActivationsOf } from '../activations/activation-store';
import type { FieldErrors } from '../common/contract.exception';
import { LicenseEvents, publishGuessingSign } from '../common/events';
import { generateLicenseKey } from '../crypto/key-generators';
import { lockRow, withTransaction } from '../database/transaction';
import { isUniqueViolation } from '../database/db-errors';
import { AuditEntry, DomainEventRecorder, RecordedEvent } from '../events/domain-events';
import { LogsService } from '../logs/logs.service';
import { refKey } from '../products/product-ref';
import { ProductsService } from '../products/products.service';
import { DEFAULT_TENANT_SETTINGS, TenantSettings } from '../tenants/tenant-settings';
import { TenantsService } from '../tenants/tenants.service';
import { License, LicenseStatus, LicenseType } from './entities/license.entity';
import { ActivityAction, licenseEvent } from './license-events';
import {
  API_CREATE_REQUIRED,
  completeNewLicense,
  CREATE_WIRE_FIELDS,
  EDIT_IGNORED_FIELDS,
  EDIT_WIRE_FIELDS,
  LICENSE_KEY_PATTERN,
  LicenseFields,
  mergeLicenseEdit,
  parseLicenseInput,
  USER_CREATE_REQUIRED,
  wireName,
} from './license-fields';
import { LicenseLookup, LicenseRecord } from './license-lookup';
import { licenseUsability, UNUSABLE_MESSAGES, UnusableReason } from './license-rules';
import type { ListOrder, SortField } from './list-query';
import type { RequestMeta } from './request-meta';

export const DELETE_OPTIONS = ['license_only', 'license_and_domains', 'license_and_devices', 'all'] as const;
export type DeleteOption = (typeof DELETE_OPTIONS)[number];

export type CreateOutcome =
  | { outcome: 'created'; license: License }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'exists'; licenseKey: string };

export type EditOutcome =
  | { outcome: 'updated'; license: License; changed: string[] }
  | { outcome: 'invalid'; errors: FieldErrors }
  | { outcome: 'not_found' };

export interface DeletedCounts {
  license: number;
  domains: number;
  devices: number;
  logs: number;
}
export type DeleteOutcome = { outcome: 'deleted'; counts: DeletedCounts } | { outcome: 'not_found' };

export type ValidateOutcome =
  | { outcome: 'valid'; record: LicenseRecord }
  | { outcome: 'unusable'; record: LicenseRecord; reason: UnusableReason }
  | { outcome: 'unknown' };

export interface ListFilter {
  status?: LicenseStatus;
  type?: LicenseType;
  search?: string;
}

export interface LicenseStatistics {
  total_licenses: number;
  active_licenses: number;
  expired_licenses: number;
  blocked_licenses: number;
  pending_licenses: number;
}

const EXPORT_BATCH = 500;
const KEY_ATTEMPTS = 5;
const CASELESS_SORT: ReadonlySet<SortField> = new Set(['licenseKey', 'firstName', 'lastName', 'email', 'productRef', 'companyName', 'itemReference']);
const SEARCH_COLUMNS = ['license_key', 'first_name', 'last_name', 'email', 'company_name', 'product_ref', 'item_reference', 'txn_id', 'purchase_id_', 'subscr_id'];

/** The activity-log row of a successful change, written in the change's transaction with its event. */
function audit(licenseKey: string, actionType: string, details: string, meta: RequestMeta): AuditEntry {
  return { licenseKey, actionType, details, ip: meta.ip, userAgent: meta.userAgent, isValid: true };
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern (ESCAPE '!'). */
const likePattern = (s: string) => `%${s.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * Licenses: create, edit, delete, list, export, look up and validate. Every query is scoped by
 * the tenant the auth guard resolved; the only cross-tenant read is the unauthenticated routine
 * check, which takes the tenant from the license it finds.
 */
@Injectable()
export class LicensesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly lookup: LicenseLookup,
    private readonly tenants: TenantsService,
    private readonly products: ProductsService,
    private readonly logs: LogsService,
    private readonly events: EventEmitter2,
    private readonly recorder: DomainEventRecorder,
  ) {}

  /** The tenant's license with this key, or null (the products module's licensed downloads use it). */
  async findByKey(tenantId: number, licenseKey: string): Promise<License | null> {
    if (typeof licenseKey !== 'string' || !LICENSE_KEY_PATTERN.test(licenseKey)) return null;
    return this.ds.getRepository(License).findOne({ where: { tenantId, licenseKey } });
  }

  /** The tenant's license and its registrations, by the hot-path statement. */
  async findRecord(tenantId: number, licenseKey: string): Promise<LicenseRecord | null> {
    if (typeof licenseKey !== 'string' || !LICENSE_KEY_PATTERN.test(licenseKey)) return null;
    return this.lookup.forTenant(licenseKey, tenantId);
  }

  /** Any tenant's license and registrations by key: only for the unauthenticated routine check. */
  async findRecordOfAnyTenant(licenseKey: string): Promise<LicenseRecord | null> {
    if (typeof licenseKey !== 'string' || !LICENSE_KEY_PATTERN.test(licenseKey)) return null;
    return this.lookup.anyTenant(licenseKey);
  }

  /**
   * Runs `work` in a transaction that holds the lock on the tenant's license row (SELECT ... FOR
   * UPDATE on MySQL, the write lock on SQLite), on the license as read after the lock. Null when
   * the tenant has no license with this key. Check-then-write rules (activation limits) go here.
   */
  async withLockedLicense<T>(tenantId: number, licenseKey: string, work: (license: License, m: EntityManager) => Promise<T>): Promise<{ license: License; value: T } | null> {
    const license = await this.findByKey(tenantId, licenseKey);
    if (!license) return null;
    return withTransaction(this.ds, async (m) => {
      if (!(await lockRow(m, 'licenses', license.id))) return null;
      const fresh = await m.getRepository(License).findOne({ where: { id: license.id, tenantId } });
      if (!fresh) return null;
      return { license: fresh, value: await work(fresh, m) };
    });
  }

  async settingsOf(tenantId: number | null): Promise<TenantSettings> {
    return tenantId === null ? { ...DEFAULT_TENANT_SETTINGS } : this.tenants.getSettings(tenantId);
  }

  /** A fresh key in the tenant's format (prefix, suffix, length), or 40 chars of [A-Z0-9]. */
  async generateKey(tenantId: number | null): Promise<string> {
    const s = await this.settingsOf(tenantId);
    return generateLicenseKey({ prefix: s.licensePrefix, suffix: s.licenseSuffix, length: s.licenseKeyCharsCount });
  }

  /**
   * Creates a license from the create route's query/body (`api`: the spec's required fields) or
   * the tenant endpoint's body (`user`: fewer required fields, tenant defaults for the rest).
   */
  async create(tenantId: number, raw: unknown, route: 'api' | 'user', meta: RequestMeta): Promise<CreateOutcome> {
    const settings = await this.tenants.getSettings(tenantId);
    const now = new Date();
    const input = parseLicenseInput(raw, CREATE_WIRE_FIELDS);
    const { record, errors } = completeNewLicense(input, route === 'api' ? API_CREATE_REQUIRED : USER_CREATE_REQUIRED, settings, now);
    if (Object.keys(errors).length) return { outcome: 'invalid', errors };
    const refs = await this.canonicalProductRefs(tenantId, record.productRef, record.itemReference);
    if ('errors' in refs) return { outcome: 'invalid', errors: refs.errors };
    Object.assign(record, refs);
    const customKey = record.licenseKey;
    if (customKey && (await this.ds.getRepository(License).exists({ where: { licenseKey: customKey } }))) {
      this.logActivity(tenantId, customKey, ActivityAction.Created, 'License creation failed: the license key already exists', meta, false);
      return { outcome: 'exists', licenseKey: customKey };
    }

    for (let attempt = 1; ; attempt++) {
      const license = Object.assign(new License(), record, {
        tenantId,
        licenseKey: customKey ?? generateLicenseKey({ prefix: settings.licensePrefix, suffix: settings.licenseSuffix, length: settings.licenseKeyCharsCount }),
        dateActivated: record.status === 'active' ? now : null,
        createdAt: now,
        updatedAt: now,
      });
      let events: RecordedEvent[];
      try {
        events = await withTransaction(this.ds, async (m) => {
          const result = await m.getRepository(License).insert(license);
          license.id = Number(result.identifiers[0]?.id);
          const recorded = [
            licenseEvent(LicenseEvents.Created, license, {}, audit(license.licenseKey, ActivityAction.Created, `License created (${license.type}, ${license.status})`, meta)),
            ...(license.status === 'active' ? [licenseEvent(LicenseEvents.Activated, license, {})] : []),
          ];
          await this.recorder.record(m, recorded);
          return recorded;
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        if (customKey) return { outcome: 'exists', licenseKey: customKey };
        if (attempt >= KEY_ATTEMPTS) throw e;
        continue; // a generated key collided: draw another
      }
      this.recorder.publish(events);
      return { outcome: 'created', license };
    }
  }

  /**
   * Partial update: only the sent fields change; the merged record is validated as a whole.
   * `license_key` in the body names the license.
   */
  async edit(tenantId: number, raw: unknown, meta: RequestMeta): Promise<EditOutcome> {
    const input = parseLicenseInput(raw, EDIT_WIRE_FIELDS, EDIT_IGNORED_FIELDS);
    const key = input.values.licenseKey;
    if (!key) {
      if (!input.errors.license_key) input.errors.license_key = ['license_key is required'];
      return { outcome: 'invalid', errors: input.errors };
    }
    if (Object.keys(input.errors).length) return { outcome: 'invalid', errors: input.errors };
    const settings = await this.tenants.getSettings(tenantId);
    if (input.sent.has('productRef') || input.sent.has('itemReference')) {
      const refs = await this.canonicalProductRefs(tenantId, input.values.productRef, input.values.itemReference);
      if ('errors' in refs) return { outcome: 'invalid', errors: refs.errors };
      if (input.sent.has('productRef')) input.values.productRef = refs.productRef;
      if (input.sent.has('itemReference')) input.values.itemReference = refs.itemReference;
    }

    const now = new Date();
    const result = await withTransaction(this.ds, async (m) => {
      const current = await m.getRepository(License).findOne({ where: { tenantId, licenseKey: key } });
      if (!current || !(await lockRow(m, 'licenses', current.id))) return { outcome: 'not_found' as const };
      const fresh = (await m.getRepository(License).findOne({ where: { id: current.id, tenantId } }))!;
      const { changes, errors } = mergeLicenseEdit(fresh, input, settings, now);
      if (Object.keys(errors).length) return { outcome: 'invalid' as const, errors };
      const wasActivated = fresh.dateActivated !== null;
      if (changes.status === 'active' && !wasActivated) (changes as Partial<License>).dateActivated = now;
      if (Object.keys(changes).length) await m.getRepository(License).update({ id: fresh.id, tenantId }, { ...changes, updatedAt: now });
      const updated = Object.assign(fresh, changes, Object.keys(changes).length ? { updatedAt: now } : {});
      const changed = Object.keys(changes)
        .filter((k) => k !== 'dateActivated')
        .map((k) => wireName(k as keyof LicenseFields));
      const events = changed.length
        ? [
            licenseEvent(LicenseEvents.Updated, updated, { changed }, audit(key, ActivityAction.Updated, `License updated: ${changed.join(', ')}`, meta)),
            ...(changes.status === 'active' && !wasActivated ? [licenseEvent(LicenseEvents.Activated, updated, {})] : []),
            ...(changes.status === 'expired' ? [licenseEvent(LicenseEvents.Expired, updated, {})] : []),
          ]
        : [];
      await this.recorder.record(m, events);
      return { outcome: 'updated' as const, license: updated, changed, events };
    });

    if (result.outcome === 'not_found') return result;
    if (result.outcome === 'invalid') {
      this.logActivity(tenantId, key, ActivityAction.Updated, `License update rejected: ${Object.keys(result.errors).join(', ')}`, meta, false);
      return result;
    }
    this.recorder.publish(result.events);
    return { outcome: 'updated', license: result.license, changed: result.changed };
  }

  /**
   * Deletes a license. `license_only` keeps its domains, devices and logs as detached history;
   * `license_and_domains` / `license_and_devices` remove those registrations too; `all` removes
   * registrations and logs, and writes no activity entry of its own (subscriber rows go with the
   * `license.deleted` event, option `all`).
   */
  async remove(tenantId: number, option: DeleteOption, licenseKey: string, meta: RequestMeta): Promise<DeleteOutcome> {
    const license = await this.findByKey(tenantId, licenseKey);
    if (!license) {
      this.logActivity(tenantId, licenseKey, ActivityAction.Deleted, 'License deletion failed: license key not found', meta, false);
      return { outcome: 'not_found' };
    }
    const counts: DeletedCounts = { license: 0, domains: 0, devices: 0, logs: 0 };
    // pending log rows of the key are written first, so that `all` deletes them with the license
    if (option === 'all') await this.logs.flush();
    const events = await withTransaction(this.ds, async (m: EntityManager) => {
      if (!(await lockRow(m, 'licenses', license.id))) return null;
      if (option === 'license_and_domains' || option === 'all') counts.domains = await deleteActivationsOf(m, tenantId, license.id, 'domain');
      if (option === 'license_and_devices' || option === 'all') counts.devices = await deleteActivationsOf(m, tenantId, license.id, 'device');
      // remaining registrations are detached (license_id → NULL) by the foreign key
      counts.license = (await m.getRepository(License).delete({ id: license.id, tenantId })).affected ?? 1;
      // `all` leaves no log of the key behind (DECISIONS A4), not even one of the deletion itself
      if (option === 'all') counts.logs = await this.logs.deleteForLicense(tenantId, license.licenseKey, m);
      const recorded = [licenseEvent(LicenseEvents.Deleted, license, { option }, option === 'all' ? undefined : audit(license.licenseKey, ActivityAction.Deleted, `License deleted (${option})`, meta))];
      await this.recorder.record(m, recorded);
      return recorded;
    });
    if (!events) return { outcome: 'not_found' };
    this.recorder.publish(events);
    return { outcome: 'deleted', counts };
  }

  /** The validate endpoint: the tenant's license, its registrations and whether it is usable. */
  async validate(tenantId: number, licenseKey: string, meta: RequestMeta): Promise<ValidateOutcome> {
    const record = await this.findRecord(tenantId, licenseKey);
    const key = typeof licenseKey === 'string' ? licenseKey : '';
    if (!record) {
      this.logValidation(tenantId, key, false, 'Invalid license key', meta);
      publishGuessingSign(this.events, meta.ip, 'unknown_license_key');
      return { outcome: 'unknown' };
    }
    const usability = licenseUsability(record.license);
    if (!usability.usable) {
      this.logValidation(tenantId, key, false, UNUSABLE_MESSAGES[usability.reason], meta);
      return { outcome: 'unusable', record, reason: usability.reason };
    }
    this.logValidation(tenantId, key, true, 'Valid license key', meta);
    return { outcome: 'valid', record };
  }

  /** DataTables list: the tenant's total, the filtered count and one page, in `order` (then newest first). */
  async list(tenantId: number, filter: ListFilter, start: number, length: number, order: ListOrder[] = []): Promise<{ total: number; filtered: number; rows: License[] }> {
    const total = await this.ds.getRepository(License).count({ where: { tenantId } });
    const qb = this.filtered(tenantId, filter);
    const filtered = filter.status || filter.type || filter.search ? await qb.getCount() : total;
    order.forEach(({ field, dir }, i) => {
      const column = `l.${this.ds.getMetadata(License).findColumnWithPropertyName(field)!.databaseName}`;
      if (!CASELESS_SORT.has(field)) return void qb.addOrderBy(column, dir);
      // text sorts without regard to case, alike on SQLite (binary) and MySQL (collations)
      qb.addSelect(`LOWER(${column})`, `sort_${i}`).addOrderBy(`sort_${i}`, dir);
    });
    const rows = await qb.addOrderBy('l.id', 'DESC').offset(start).limit(length).getMany();
    return { total, filtered, rows };
  }

  /** The filtered licenses in batches, newest first (keyset pagination: memory stays flat). */
  async *exportBatches(tenantId: number, filter: ListFilter): AsyncGenerator<License[]> {
    let before: number | null = null;
    for (;;) {
      const qb = this.filtered(tenantId, filter);
      if (before !== null) qb.andWhere('l.id < :before', { before });
      const rows = await qb.orderBy('l.id', 'DESC').limit(EXPORT_BATCH).getMany();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1].id;
    }
  }

  /** Newest license of the tenant with this purchase id (or transaction id) for a product (its product_ref or item_reference names it). */
  async findByPurchase(tenantId: number, by: 'purchase' | 'txn', value: string, product: string): Promise<License | null> {
    const column = by === 'purchase' ? 'purchase_id_' : 'txn_id';
    const refs = await this.products.equivalentRefKeys(tenantId, product);
    if (!refs.length) return null;
    return this.ds
      .getRepository(License)
      .createQueryBuilder('l')
      .where('l.tenant_id = :tenantId', { tenantId })
      .andWhere(`l.${column} = :value`, { value })
      .andWhere(new Brackets((b) => b.where('LOWER(TRIM(l.product_ref)) IN (:...refs)', { refs }).orWhere('LOWER(TRIM(l.item_reference)) IN (:...refs)', { refs })))
      .orderBy('l.id', 'DESC')
      .getOne();
  }

  /**
   * Whether `product` (the routine check's `t`) names what the license's product_ref or
   * item_reference names (the one rule, products/product-ref.ts). The common case, the stored
   * reference itself in any case, needs no query.
   */
  async isForProduct(license: License, product: string): Promise<boolean> {
    const own = [license.productRef, license.itemReference].filter(Boolean).map(refKey);
    if (own.includes(refKey(product))) return true;
    const keys = await this.products.equivalentRefKeys(license.tenantId, product);
    return own.some((k) => keys.includes(k));
  }

  async statistics(tenantId: number): Promise<LicenseStatistics> {
    const rows: Array<{ status: string; n: number | string }> = await this.ds
      .getRepository(License)
      .createQueryBuilder('l')
      .select('l.license_status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('l.tenant_id = :tenantId', { tenantId })
      .groupBy('l.license_status')
      .getRawMany();
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    return {
      total_licenses: rows.reduce((sum, r) => sum + Number(r.n), 0),
      active_licenses: by.active ?? 0,
      expired_licenses: by.expired ?? 0,
      blocked_licenses: by.blocked ?? 0,
      pending_licenses: by.pending ?? 0,
    };
  }

  async newest(tenantId: number, limit: number): Promise<License[]> {
    return this.ds.getRepository(License).find({ where: { tenantId }, order: { id: 'DESC' }, take: limit });
  }

  /**
   * Scheduler (auto-expiry): sets the tenant's active trial/subscription licenses whose
   * date_expiry has passed to `expired` and publishes `license.expired` for each. Every row is
   * changed by a conditional UPDATE, so concurrent runs expire (and announce) a license once.
   */
  async expireDue(tenantId: number, now: Date = new Date()): Promise<number> {
    const repo = this.ds.getRepository(License);
    const due = { tenantId, status: 'active' as const, type: In(['trial', 'subscription']), dateExpiry: LessThanOrEqual(now) };
    let expired = 0;
    for (const license of await repo.find({ where: due, order: { id: 'ASC' } })) {
      const events = await withTransaction(this.ds, async (m) => {
        const result = await m.getRepository(License).update({ ...due, id: license.id }, { status: 'expired', updatedAt: now });
        if (!result.affected) return null; // another run, or an edit, got there first
        Object.assign(license, { status: 'expired', updatedAt: now });
        const recorded = [licenseEvent(LicenseEvents.Expired, license, {}, audit(license.licenseKey, ActivityAction.Updated, 'License expired (auto-expiry)', { ip: '' }))];
        await this.recorder.record(m, recorded);
        return recorded;
      });
      if (!events) continue;
      expired++;
      this.recorder.publish(events);
    }
    return expired;
  }

  /** Scheduler (reminders): the tenant's active trial/subscription licenses expiring in (from, to]. */
  async findExpiring(tenantId: number, from: Date, to: Date): Promise<License[]> {
    return this.ds.getRepository(License).find({
      where: { tenantId, status: 'active', type: In(['trial', 'subscription']), dateExpiry: And(MoreThan(from), LessThanOrEqual(to)) },
      order: { id: 'ASC' },
    });
  }

  private filtered(tenantId: number, filter: ListFilter): SelectQueryBuilder<License> {
    const qb = this.ds.getRepository(License).createQueryBuilder('l').where('l.tenant_id = :tenantId', { tenantId });
    if (filter.status) qb.andWhere('l.license_status = :status', { status: filter.status });
    if (filter.type) qb.andWhere('l.license_type = :type', { type: filter.type });
    if (filter.search) {
      const pattern = likePattern(filter.search);
      qb.andWhere(
        new Brackets((b) => {
          for (const column of SEARCH_COLUMNS) b.orWhere(`LOWER(l.${column}) LIKE :pattern ESCAPE '!'`, { pattern });
        }),
      );
    }
    return qb;
  }

  /**
   * A license's product_ref and item_reference as stored: canonical when they name a product;
   * product_ref must name one once the tenant has products (the error lists them).
   */
  private async canonicalProductRefs(tenantId: number, productRef: string | undefined, itemReference: string | undefined): Promise<{ productRef: string; itemReference: string } | { errors: FieldErrors }> {
    let ref = productRef ?? '';
    if (productRef !== undefined) {
      const check = await this.products.checkLicenseRef(tenantId, productRef);
      if (!check.ok) return { errors: { product_ref: [check.message] } };
      ref = check.ref;
    }
    const item = !itemReference ? '' : itemReference === productRef ? ref : await this.products.canonicalize(tenantId, itemReference);
    return { productRef: ref, itemReference: item };
  }

  private logActivity(tenantId: number, licenseKey: string, actionType: string, details: string, meta: RequestMeta, isValid: boolean) {
    this.logs.activity({ tenantId, licenseKey, actionType, details, ip: meta.ip, userAgent: meta.userAgent, isValid });
  }

  private logValidation(tenantId: number, licenseKey: string, valid: boolean, details: string, meta: RequestMeta) {
    this.logs.validation({ tenantId, licenseKey, outcome: valid ? 'success' : 'error', source: 'validate', details, ip: meta.ip, userAgent: meta.userAgent });
    this.logActivity(tenantId, licenseKey, ActivityAction.Validation, details, meta, valid);
  }
}
