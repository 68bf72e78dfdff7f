import { EventEmitter2 } from '@nestjs/event-emitter';
import { LicenseEvents, SecurityEvents } from '../src/common/events';
import type { TestApp, TestResponse, TestTenant } from './helpers/test-app';

/** Small helpers for the licenses and activations e2e suites (not a suite itself). */

/** Rate limits and automatic IP blocking off: these suites send many requests from one IP on purpose. */
export const LICENSE_TEST_ENV = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

export const KEY_40 = /^[A-Z0-9]{40}$/;
export const MERAF_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The fields the create route requires, valid, for a lifetime license. */
export function licenseFields(overrides: Record<string, string | number | null> = {}): Record<string, string | number | null> {
  return {
    license_type: 'lifetime',
    license_status: 'active',
    first_name: 'John',
    last_name: 'Doe',
    email: 'john@example.com',
    max_allowed_domains: 3,
    max_allowed_devices: 2,
    product_ref: 'my-product',
    txn_id: 'txn123',
    purchase_id_: 'purchase123',
    ...overrides,
  };
}

export function query(fields: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) q.set(k, String(v));
  return q.toString();
}

/** The license API of one tenant, by path. */
export function meraf(t: TestApp, tenant: TestTenant) {
  const s = tenant.secretKeys;
  const enc = encodeURIComponent;
  return {
    createGet: (fields: Record<string, string | number | null | undefined>) => t.request(`/api/license/create/${s.creation}/data?${query(fields)}`),
    createPost: (json: unknown) => t.request(`/api/license/create/${s.creation}/data`, { method: 'POST', json }),
    validate: (key: string) => t.request(`/api/license/validate/${s.validation}/${enc(key)}`, { method: 'POST' }),
    validateGet: (key: string) => t.request(`/api/license/validate/${s.validation}/${enc(key)}`),
    verify: (key: string) => t.request(`/api/license/verify/${s.validation}/${enc(key)}`, { method: 'POST' }),
    register: (type: string, name: string, key: string) => t.request(`/api/license/register/${enc(type)}/${enc(name)}/${s.activation}/${enc(key)}`),
    unregister: (type: string, name: string, key: string) => t.request(`/api/license/unregister/${enc(type)}/${enc(name)}/${s.activation}/${enc(key)}`),
    list: (q = '') => t.request(`/api/license/all/${s.management}${q ? `?${q}` : ''}`),
    export: (q = '') => t.request(`/api/license/export/${s.management}${q ? `?${q}` : ''}`),
    edit: (json: unknown) => t.request(`/api/license/edit/${s.management}`, { method: 'POST', json }),
    editForm: (fields: Record<string, string>) =>
      t.request(`/api/license/edit/${s.management}`, {
        method: 'POST',
        body: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    delete: (option: string, key: string, method = 'GET') => t.request(`/api/license/delete/${enc(option)}/${s.management}/${enc(key)}`, { method }),
    data: (purchase: string, product: string) => t.request(`/api/license/data/${s.general}/${enc(purchase)}/${enc(product)}`),
    dataByTxn: (txn: string, product: string) => t.request(`/api/license/data-by-txn/${s.general}/${enc(txn)}/${enc(product)}`),
    dataByKey: (key: string) => t.request(`/api/license/data-by-key/${s.general}/${enc(key)}`),
    config: () => t.request(`/api/license/config/${s.general}`),
    routine: (params: Record<string, string>) => t.request(`/validate?${new URLSearchParams(params)}`),
    logs: (key: string) => t.request(`/api/license/logs/${enc(key)}/${s.management}`),
  };
}

/** Creates a license through the create route and returns its key. */
/**
 * Creates a license and returns its key. A trial or subscription that should already be past its
 * date_expiry (a create refuses that unless the status is `expired`) is created with a future date
 * and then edited to the past one, as a license that lapsed.
 */
export async function createLicense(t: TestApp, tenant: TestTenant, overrides: Record<string, string | number | null> = {}): Promise<string> {
  const fields = licenseFields(overrides);
  const expiry = typeof fields.date_expiry === 'string' ? new Date(fields.date_expiry.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(fields.date_expiry) ? '' : 'Z')) : null;
  const lapsed = expiry !== null && expiry.getTime() <= Date.now() + 5_000 && fields.license_type !== 'lifetime' && fields.license_status !== 'expired';
  const res = await meraf(t, tenant).createPost(lapsed ? { ...fields, date_expiry: isoIn(30) } : fields);
  if (res.status !== 200 || res.body.code !== 400) throw new Error(`create failed: ${res.status} ${res.text}`);
  const key = res.body.key as string;
  if (lapsed) {
    const edit = await meraf(t, tenant).edit({ license_key: key, date_expiry: fields.date_expiry });
    if (edit.status !== 200 || edit.body.code !== 240) throw new Error(`edit to a past date_expiry failed: ${edit.status} ${edit.text}`);
  }
  return key;
}

export function codes(responses: TestResponse[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of responses) {
    const code = r.status === 200 ? (r.body.error_code as number) : -r.status;
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

export const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export interface RecordedEvent {
  name: string;
  payload: unknown;
}

/** Records every license event and sign-of-guessing event the app publishes, in order. */
export function recordEvents(t: TestApp): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const bus = t.app.get(EventEmitter2);
  for (const name of [...Object.values(LicenseEvents), SecurityEvents.GuessingSign]) bus.on(name, (payload: unknown) => events.push({ name, payload }));
  return events;
}
