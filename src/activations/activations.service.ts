import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LicenseEvents, publishGuessingSign } from '../common/events';
import { withTransaction } from '../database/transaction';
import { DomainEventRecorder, RecordedEvent } from '../events/domain-events';
import type { License } from '../licenses/entities/license.entity';
import { ActivityAction, licenseEvent } from '../licenses/license-events';
import { licenseUsability, UNUSABLE_MESSAGES, UnusableReason } from '../licenses/license-rules';
import { isUniqueViolation } from '../database/db-errors';
import { LicensesService } from '../licenses/licenses.service';
import type { RequestMeta } from '../licenses/request-meta';
import { LogsService } from '../logs/logs.service';
import { countActivationsOf } from './activation-store';
import { ActivationType, LicenseActivation } from './entities/license-activation.entity';
import { normalizeActivationName, normalizeDevice, normalizeDomain } from './normalize';

export type RegisterOutcome =
  | { outcome: 'registered'; name: string }
  | { outcome: 'already'; name: string }
  | { outcome: 'limit'; name: string; limit: number }
  | { outcome: 'not_allowed'; name: string }
  | { outcome: 'unknown' }
  | { outcome: 'unusable'; reason: UnusableReason }
  | { outcome: 'invalid'; error: string };

export type UnregisterOutcome =
  | { outcome: 'unregistered'; name: string }
  | { outcome: 'not_registered'; name: string }
  | { outcome: 'unknown' }
  | { outcome: 'invalid'; error: string };

export interface RoutineQuery {
  t?: unknown;
  s?: unknown;
  d?: unknown;
}

const REGISTERED_EVENT = { domain: LicenseEvents.DomainRegistered, device: LicenseEvents.DeviceRegistered } as const;
const UNREGISTERED_EVENT = { domain: LicenseEvents.DomainUnregistered, device: LicenseEvents.DeviceUnregistered } as const;
const REGISTERED_ACTION = { domain: ActivityAction.DomainRegistered, device: ActivityAction.DeviceRegistered } as const;
const UNREGISTERED_ACTION = { domain: ActivityAction.DomainUnregistered, device: ActivityAction.DeviceUnregistered } as const;

/**
 * Domains and devices registered on licenses. The limit check and the insert run under the
 * license row lock (LicensesService.withLockedLicense), and a unique index on (license, type,
 * normalized name) backs "stored once", so parallel requests and instances cannot overshoot.
 */
@Injectable()
export class ActivationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly licenses: LicensesService,
    private readonly logs: LogsService,
    private readonly events: EventEmitter2,
    private readonly recorder: DomainEventRecorder,
  ) {}

  async register(tenantId: number, type: ActivationType, rawName: string, licenseKey: string, meta: RequestMeta): Promise<RegisterOutcome> {
    const normalized = normalizeActivationName(type, rawName);
    if (!normalized.ok) return { outcome: 'invalid', error: normalized.error };
    const name = normalized.name;

    let locked: { license: License; value: RegisterOutcome } | null;
    let events: RecordedEvent[] = [];
    try {
      locked = await this.licenses.withLockedLicense(tenantId, licenseKey, async (license, m): Promise<RegisterOutcome> => {
        const usability = licenseUsability(license);
        if (!usability.usable) return { outcome: 'unusable', reason: usability.reason };
        const repo = m.getRepository(LicenseActivation);
        if (await repo.exists({ where: { tenantId, licenseId: license.id, type, name } })) return { outcome: 'already', name };
        const limit = type === 'domain' ? license.maxAllowedDomains : license.maxAllowedDevices;
        if (limit <= 0) return { outcome: 'not_allowed', name };
        if ((await countActivationsOf(m, tenantId, license.id, type)) >= limit) return { outcome: 'limit', name, limit };
        await repo.insert({ tenantId, licenseId: license.id, licenseKey: license.licenseKey, type, name, createdAt: new Date() });
        const audit = { licenseKey: String(licenseKey), actionType: REGISTERED_ACTION[type], details: `${type} (${name}) registered`, ip: meta.ip, userAgent: meta.userAgent, isValid: true };
        events = [type === 'domain' ? licenseEvent(REGISTERED_EVENT.domain, license, { type, name }, audit) : licenseEvent(REGISTERED_EVENT.device, license, { type, name }, audit)];
        await this.recorder.record(m, events);
        return { outcome: 'registered', name };
      });
    } catch (e) {
      // the unique index caught a race the lock should already have prevented
      if (!isUniqueViolation(e)) throw e;
      const license = await this.licenses.findByKey(tenantId, licenseKey);
      locked = license ? { license, value: { outcome: 'already', name } } : null;
    }

    const key = String(licenseKey);
    if (!locked) {
      this.activity(tenantId, key, ActivityAction.RegistrationFailed, `${type} registration failed: license key not found`, meta, false);
      publishGuessingSign(this.events, meta.ip, 'unknown_license_key');
      return { outcome: 'unknown' };
    }
    const { license, value } = locked;
    switch (value.outcome) {
      case 'registered':
        this.recorder.publish(events);
        break;
      case 'already':
        this.activity(tenantId, key, ActivityAction.RegistrationFailed, `${type} (${name}) is already registered`, meta, false);
        break;
      case 'limit':
      case 'not_allowed':
        this.activity(tenantId, key, ActivityAction.RegistrationFailed, `${type} (${name}) refused: limit of ${type === 'domain' ? license.maxAllowedDomains : license.maxAllowedDevices} reached`, meta, false);
        break;
      case 'unusable':
        this.activity(tenantId, key, ActivityAction.RegistrationFailed, `${type} registration refused: ${UNUSABLE_MESSAGES[value.reason]}`, meta, false);
        break;
    }
    return value;
  }

  async unregister(tenantId: number, type: ActivationType, rawName: string, licenseKey: string, meta: RequestMeta): Promise<UnregisterOutcome> {
    const normalized = normalizeActivationName(type, rawName);
    if (!normalized.ok) return { outcome: 'invalid', error: normalized.error };
    const name = normalized.name;
    const key = String(licenseKey);
    const license = await this.licenses.findByKey(tenantId, licenseKey);
    if (!license) {
      this.activity(tenantId, key, ActivityAction.UnregistrationFailed, `${type} unregistration failed: license key not found`, meta, false);
      publishGuessingSign(this.events, meta.ip, 'unknown_license_key');
      return { outcome: 'unknown' };
    }
    const events = await withTransaction(this.ds, async (m) => {
      const result = await m.getRepository(LicenseActivation).delete({ tenantId, licenseId: license.id, type, name });
      if (!result.affected) return null;
      const audit = { licenseKey: key, actionType: UNREGISTERED_ACTION[type], details: `${type} (${name}) unregistered`, ip: meta.ip, userAgent: meta.userAgent, isValid: true };
      const recorded = [type === 'domain' ? licenseEvent(UNREGISTERED_EVENT.domain, license, { type, name }, audit) : licenseEvent(UNREGISTERED_EVENT.device, license, { type, name }, audit)];
      await this.recorder.record(m, recorded);
      return recorded;
    });
    if (!events) {
      this.activity(tenantId, key, ActivityAction.UnregistrationFailed, `${type} (${name}) is not registered`, meta, false);
      return { outcome: 'not_registered', name };
    }
    this.recorder.publish(events);
    return { outcome: 'unregistered', name };
  }

  /** Whether `name` (normalized first) is registered as a `type` on the license (licensed downloads use it). */
  async isRegistered(licenseId: number, type: ActivationType, name: string): Promise<boolean> {
    if (typeof name !== 'string') return false;
    const normalized = normalizeActivationName(type, name);
    if (!normalized.ok) return false;
    return this.ds.getRepository(LicenseActivation).exists({ where: { licenseId, type, name: normalized.name } });
  }

  /**
   * GET /validate?t=&s=&d= (DECISIONS A4): true when the license with key `s` is usable, `t`
   * names its product (product_ref or item_reference, by the one product rule), and the normalized `d` is one of its registered
   * domains or devices. Every call is logged as a success or error validation.
   */
  async routineCheck(query: RoutineQuery, meta: RequestMeta): Promise<boolean> {
    const t = typeof query.t === 'string' ? query.t.trim() : '';
    const s = typeof query.s === 'string' ? query.s.trim() : '';
    const d = typeof query.d === 'string' ? query.d : '';
    const record = t && s && d.trim() ? await this.licenses.findRecordOfAnyTenant(s) : null;
    const logBase = { licenseKey: s, source: 'routine' as const, productRef: t || undefined, target: d.trim() || undefined, ip: meta.ip, userAgent: meta.userAgent };
    if (!record) {
      const details = !t || !s || !d.trim() ? 'Missing parameter t, s or d' : 'Invalid license key';
      this.logs.validation({ ...logBase, tenantId: null, outcome: 'error', details });
      if (s) publishGuessingSign(this.events, meta.ip, 'unknown_license_key');
      return false;
    }
    const license = record.license;
    const usability = licenseUsability(license);
    let details: string;
    let ok = false;
    if (!usability.usable) details = UNUSABLE_MESSAGES[usability.reason];
    else if (!(await this.licenses.isForProduct(license, t))) details = 'Product does not match the license';
    else {
      const domain = normalizeDomain(d);
      const device = normalizeDevice(d);
      ok = record.activations.some(
        (a) => (a.type === 'domain' && domain.ok && a.name === domain.name) || (a.type === 'device' && device.ok && a.name === device.name),
      );
      details = ok ? 'Valid license with registered domain/device' : 'Domain/device is not registered on the license';
    }
    this.logs.validation({ ...logBase, tenantId: license.tenantId, outcome: ok ? 'success' : 'error', details });
    this.activity(license.tenantId, license.licenseKey, ActivityAction.RoutineValidation, `${details} (${d.trim().slice(0, 255)})`, meta, ok);
    return ok;
  }

  private activity(tenantId: number, licenseKey: string, actionType: string, details: string, meta: RequestMeta, isValid: boolean) {
    this.logs.activity({ tenantId, licenseKey, actionType, details, ip: meta.ip, userAgent: meta.userAgent, isValid });
  }
}
