import { isEmail } from 'class-validator';
import type { FieldErrors } from '../common/contract.exception';
import type { TenantSettings } from '../tenants/tenant-settings';
import { LICENSE_STATUSES, LICENSE_TYPES, LicenseStatus, LicenseType } from './entities/license.entity';
import { isHumanText, isPersonName, REFUSED_CHARACTERS } from './human-text';
import { addDays, parseUtcDate } from './license-dates';

/**
 * The license fields of the MERAF create/edit contract: one table drives parsing, validation and
 * the Swagger description of the query string and the JSON body.
 */
export const BILLING_INTERVALS = ['days', 'weeks', 'months', 'years'] as const;
/** `onetime` is what deployed servers store on lifetime licenses; it is accepted but never enough for a subscription. */
const ACCEPTED_INTERVALS = [...BILLING_INTERVALS, 'onetime'] as const;

/** A license key: what custom keys may look like, and what the hot path accepts before any query. */
export const LICENSE_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export interface LicenseFields {
  licenseKey: string;
  status: LicenseStatus;
  type: LicenseType;
  firstName: string;
  lastName: string;
  email: string;
  companyName: string;
  maxAllowedDomains: number;
  maxAllowedDevices: number;
  productRef: string;
  itemReference: string;
  txnId: string;
  purchaseId: string;
  subscrId: string;
  billingLength: number | null;
  billingInterval: string | null;
  dateExpiry: Date | null;
  until: string;
  currentVer: string;
  manualResetCount: number;
}

type Kind = 'key' | 'status' | 'type' | 'personName' | 'email' | 'text' | 'ident' | 'version' | 'int' | 'interval' | 'date';

export interface FieldSpec {
  wire: string;
  prop: keyof LicenseFields;
  kind: Kind;
  max?: number;
  min?: number;
  description: string;
  example: string | number;
  /** value stored when the field is sent empty (or null); without it an empty field counts as missing */
  empty?: '' | null | 0;
}

const LIMITS = { maxAllowed: 10_000, billingLength: 10_000, resetCount: 1_000_000 } as const;

export const LICENSE_FIELDS: readonly FieldSpec[] = [
  { wire: 'license_key', prop: 'licenseKey', kind: 'key', description: 'Custom license key (8-128 chars of A-Z a-z 0-9 _ -); generated from the tenant settings when absent', example: 'ACME-7Q2M9X4K1Z8B3N6V' },
  { wire: 'license_status', prop: 'status', kind: 'status', description: `One of ${LICENSE_STATUSES.join(', ')}. Required on the create route; POST /api/user/licenses uses the tenant's defaultLicenseStatus when absent`, example: 'active' },
  { wire: 'license_type', prop: 'type', kind: 'type', description: `One of ${LICENSE_TYPES.join(', ')}`, example: 'subscription' },
  { wire: 'first_name', prop: 'firstName', kind: 'personName', max: 100, description: "Customer's first name: letters of any script, digits, spaces and punctuation (not _ < > ; = \" ` \\ { } [ ] *)", example: 'John' },
  { wire: 'last_name', prop: 'lastName', kind: 'personName', max: 100, description: "Customer's last name", example: 'Doe' },
  { wire: 'email', prop: 'email', kind: 'email', max: 191, description: "Customer's e-mail address", example: 'john@example.com' },
  { wire: 'company_name', prop: 'companyName', kind: 'text', max: 191, empty: '', description: "Customer's company", example: 'Company Inc' },
  { wire: 'max_allowed_domains', prop: 'maxAllowedDomains', kind: 'int', min: 0, max: LIMITS.maxAllowed, description: 'Domains that may be registered (0: none)', example: 3 },
  { wire: 'max_allowed_devices', prop: 'maxAllowedDevices', kind: 'int', min: 0, max: LIMITS.maxAllowed, description: 'Devices that may be registered (0: none)', example: 1 },
  { wire: 'product_ref', prop: 'productRef', kind: 'ident', max: 191, description: "Product reference: one of the tenant's products once it has defined any", example: 'my-product' },
  { wire: 'txn_id', prop: 'txnId', kind: 'ident', max: 191, description: 'Transaction id', example: 'txn123' },
  { wire: 'purchase_id_', prop: 'purchaseId', kind: 'ident', max: 191, description: 'Purchase id', example: 'purchase123' },
  { wire: 'subscr_id', prop: 'subscrId', kind: 'ident', max: 191, empty: '', description: 'Subscription id of a recurring payment', example: 'sub_42' },
  { wire: 'billing_length', prop: 'billingLength', kind: 'int', min: 1, max: LIMITS.billingLength, empty: null, description: 'Billing period length; required for subscriptions', example: 1 },
  { wire: 'billing_interval', prop: 'billingInterval', kind: 'interval', empty: null, description: `Billing period unit (${BILLING_INTERVALS.join('|')}); required for subscriptions`, example: 'years' },
  { wire: 'date_expiry', prop: 'dateExpiry', kind: 'date', empty: null, description: 'UTC expiry: ISO 8601 or YYYY-MM-DD HH:mm:ss. Required for subscriptions; trials default to now + the tenant\'s defaultTrialDays; ignored (null) for lifetime', example: '2026-01-01 12:00:00' },
  { wire: 'until', prop: 'until', kind: 'version', max: 64, empty: '', description: 'Last supported version', example: '2.0.0' },
  { wire: 'current_ver', prop: 'currentVer', kind: 'version', max: 64, empty: '', description: 'Current product version', example: '1.0.0' },
  { wire: 'item_reference', prop: 'itemReference', kind: 'ident', max: 191, empty: '', description: 'Item reference; defaults to product_ref', example: 'my-product' },
  { wire: 'manual_reset_count', prop: 'manualResetCount', kind: 'int', min: 0, max: LIMITS.resetCount, empty: 0, description: 'Manual reset counter', example: 0 },
];

const BY_WIRE = new Map(LICENSE_FIELDS.map((f) => [f.wire, f]));
const WIRE_OF = new Map(LICENSE_FIELDS.map((f) => [f.prop, f.wire]));
export const wireName = (prop: keyof LicenseFields): string => WIRE_OF.get(prop) ?? prop;

/** Required on the secret-key create route: the spec's list (license_status included, DECISIONS A4 "as documented"). */
export const API_CREATE_REQUIRED: readonly (keyof LicenseFields)[] = [
  'status', 'type', 'firstName', 'lastName', 'email', 'maxAllowedDomains', 'maxAllowedDevices', 'productRef', 'txnId', 'purchaseId',
];
/** Required on POST /api/user/licenses; the others default from the tenant settings. */
export const USER_CREATE_REQUIRED: readonly (keyof LicenseFields)[] = ['type', 'firstName', 'lastName', 'email', 'productRef'];

export const CREATE_WIRE_FIELDS = LICENSE_FIELDS.map((f) => f.wire);
/** Edit takes every field; license_key names the license and cannot change. */
export const EDIT_WIRE_FIELDS = LICENSE_FIELDS.map((f) => f.wire);
/** Read-only fields a client may echo back on edit (deployed panels send the whole record): ignored. */
export const EDIT_IGNORED_FIELDS = ['id', 'date_created', 'date_activated', 'date_renewed', 'owner_id', 'reminder_sent', 'reminder_sent_date'] as const;

const IDENT = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ._\-+:/#@|~()&]*$/u;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9 ._\-+:]*$/;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;

export interface ParsedInput {
  /** fields that were sent, parsed; an empty field holds its empty value */
  values: Partial<LicenseFields>;
  /** which of them were sent */
  sent: Set<keyof LicenseFields>;
  errors: FieldErrors;
}

function addError(errors: FieldErrors, field: string, message: string) {
  (errors[field] ??= []).push(message);
}

const charLength = (s: string) => [...s].length;

/**
 * Parses the license fields of a query string or body. Unknown fields are errors (nothing is
 * silently dropped); `ignored` fields are skipped. Values may be strings (query, form) or JSON
 * numbers; they are trimmed; an empty string means "empty" (and fails on required fields later).
 */
export function parseLicenseInput(raw: unknown, allowed: readonly string[], ignored: readonly string[] = []): ParsedInput {
  const values: Partial<LicenseFields> = {};
  const sent = new Set<keyof LicenseFields>();
  const errors: FieldErrors = {};
  if (raw === undefined || raw === null) return { values, sent, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    addError(errors, 'body', 'must be an object of license fields');
    return { values, sent, errors };
  }
  for (const [wire, value] of Object.entries(raw as Record<string, unknown>)) {
    if (ignored.includes(wire)) continue;
    const spec = BY_WIRE.get(wire);
    if (!spec || !allowed.includes(wire)) {
      addError(errors, wire.slice(0, 64), `${wire.slice(0, 64)} is not a recognised field`);
      continue;
    }
    if (value === undefined) continue;
    const parsed = parseValue(spec, value);
    if ('error' in parsed) addError(errors, wire, parsed.error);
    else {
      (values as Record<string, unknown>)[spec.prop] = parsed.value;
      sent.add(spec.prop);
    }
  }
  return { values, sent, errors };
}

type ParseResult = { value: unknown } | { error: string };

function parseValue(spec: FieldSpec, value: unknown): ParseResult {
  const w = spec.wire;
  if (Array.isArray(value)) return { error: `${w} must be a single value` };
  if (value !== null && typeof value === 'object') return { error: `${w} must be a single value` };
  if (typeof value === 'boolean') return { error: `${w} has the wrong type` };
  if (typeof value === 'number' && !Number.isFinite(value)) return { error: `${w} has the wrong type` };

  if (spec.kind === 'int') {
    if (value === null || (typeof value === 'string' && value.trim() === '')) return { value: spec.empty !== undefined ? spec.empty : '' };
    let n: number;
    if (typeof value === 'number') n = value;
    else if (/^\s*\d{1,9}\s*$/.test(String(value))) n = Number(String(value).trim());
    else return { error: `${w} must be a whole number` };
    if (!Number.isInteger(n)) return { error: `${w} must be a whole number` };
    if (n < (spec.min ?? 0) || n > (spec.max ?? Number.MAX_SAFE_INTEGER)) return { error: `${w} must be between ${spec.min ?? 0} and ${spec.max}` };
    return { value: n };
  }

  // textual kinds: JSON numbers are accepted for identifiers and versions only
  if (typeof value === 'number' && spec.kind !== 'ident' && spec.kind !== 'version') return { error: `${w} must be a string` };
  const text = value === null ? '' : String(value).trim();
  if (text === '') return { value: spec.empty === null ? null : '' };
  if (INVISIBLE.test(text)) return { error: `${w} contains control or invisible characters` };
  if (spec.max !== undefined && charLength(text) > spec.max) return { error: `${w} must be at most ${spec.max} characters` };

  switch (spec.kind) {
    case 'key':
      return LICENSE_KEY_PATTERN.test(text) ? { value: text } : { error: `${w} must be 8-128 characters of A-Z, a-z, 0-9, _ and -` };
    case 'status':
      return (LICENSE_STATUSES as readonly string[]).includes(text) ? { value: text } : { error: `${w} must be one of ${LICENSE_STATUSES.join(', ')}` };
    case 'type':
      return (LICENSE_TYPES as readonly string[]).includes(text) ? { value: text } : { error: `${w} must be one of ${LICENSE_TYPES.join(', ')}` };
    case 'interval':
      return (ACCEPTED_INTERVALS as readonly string[]).includes(text) ? { value: text } : { error: `${w} must be one of ${BILLING_INTERVALS.join(', ')}` };
    case 'personName':
      return isPersonName(text) ? { value: text } : { error: `${w} must contain a letter and may not contain _ or ${REFUSED_CHARACTERS}` };
    case 'email':
      return isEmail(text) ? { value: text } : { error: `${w} must be a valid e-mail address` };
    case 'text':
      return isHumanText(text) ? { value: text } : { error: `${w} must contain a letter or digit and may not contain ${REFUSED_CHARACTERS}` };
    case 'ident':
      return IDENT.test(text) ? { value: text } : { error: `${w} may contain only letters, digits, spaces and . _ - + : / # @ | ~ ( ) &` };
    case 'version':
      return VERSION.test(text) ? { value: text } : { error: `${w} may contain only letters, digits, spaces and . _ - + :` };
    case 'date': {
      const date = parseUtcDate(text);
      return date ? { value: date } : { error: `${w} must be a date: ISO 8601 or YYYY-MM-DD HH:mm:ss (UTC)` };
    }
  }
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/** The type rules every stored license satisfies (create and the merged record of an edit). */
export function applyTypeRules(record: Partial<LicenseFields>, settings: Pick<TenantSettings, 'defaultTrialDays'>, now: Date, errors: FieldErrors) {
  if (record.type === 'lifetime') {
    record.dateExpiry = null;
  } else if (record.type === 'trial') {
    if (!record.dateExpiry) record.dateExpiry = addDays(now, settings.defaultTrialDays);
  } else if (record.type === 'subscription') {
    if (isEmpty(record.billingLength)) addError(errors, 'billing_length', 'billing_length is required for a subscription');
    if (!record.billingInterval || !(BILLING_INTERVALS as readonly string[]).includes(record.billingInterval)) {
      addError(errors, 'billing_interval', `billing_interval (${BILLING_INTERVALS.join('|')}) is required for a subscription`);
    }
    if (!record.dateExpiry) addError(errors, 'date_expiry', 'date_expiry is required for a subscription');
  }
}

/**
 * A new license's full field set: the parsed input, the tenant's defaults and the type rules.
 * `required` lists what the route requires (API_CREATE_REQUIRED or USER_CREATE_REQUIRED).
 */
export function completeNewLicense(
  input: ParsedInput,
  required: readonly (keyof LicenseFields)[],
  settings: Pick<TenantSettings, 'defaultTrialDays' | 'defaultLicenseStatus' | 'defaultAllowedDomains' | 'defaultAllowedDevices'>,
  now: Date,
): { record: Omit<LicenseFields, 'licenseKey'> & { licenseKey?: string }; errors: FieldErrors } {
  const errors: FieldErrors = { ...input.errors };
  const v = input.values;
  for (const prop of required) if (!errors[wireName(prop)] && isEmpty(v[prop])) addError(errors, wireName(prop), `${wireName(prop)} is required`);
  const record = {
    licenseKey: v.licenseKey || undefined,
    status: (v.status || settings.defaultLicenseStatus) as LicenseStatus,
    type: v.type as LicenseType,
    firstName: v.firstName ?? '',
    lastName: v.lastName ?? '',
    email: v.email ?? '',
    companyName: v.companyName ?? '',
    maxAllowedDomains: isEmpty(v.maxAllowedDomains) ? settings.defaultAllowedDomains : (v.maxAllowedDomains as number),
    maxAllowedDevices: isEmpty(v.maxAllowedDevices) ? settings.defaultAllowedDevices : (v.maxAllowedDevices as number),
    productRef: v.productRef ?? '',
    itemReference: v.itemReference || v.productRef || '',
    txnId: v.txnId ?? '',
    purchaseId: v.purchaseId ?? '',
    subscrId: v.subscrId ?? '',
    billingLength: isEmpty(v.billingLength) ? null : (v.billingLength as number),
    billingInterval: v.billingInterval || null,
    dateExpiry: v.dateExpiry ?? null,
    until: v.until ?? '',
    currentVer: v.currentVer ?? '',
    manualResetCount: isEmpty(v.manualResetCount) ? 0 : (v.manualResetCount as number),
  };
  if (record.type) applyTypeRules(record, settings, now, errors);
  // a new license that is already past its expiry is a typo or a stale order, unless it is recorded as expired
  if (record.dateExpiry && record.dateExpiry.getTime() <= now.getTime() && record.status !== 'expired' && !errors.date_expiry) {
    addError(errors, 'date_expiry', 'date_expiry must be in the future (or license_status expired)');
  }
  return { record, errors };
}

/** Fields that, when sent on an edit, must not be empty (they are required on create). */
const NOT_EMPTY_ON_EDIT: readonly (keyof LicenseFields)[] = API_CREATE_REQUIRED;

/**
 * Applies an edit: only sent fields change; the merged record is then validated as a whole
 * (type rules). Returns the changed properties.
 */
export function mergeLicenseEdit(
  current: LicenseFields,
  input: ParsedInput,
  settings: Pick<TenantSettings, 'defaultTrialDays'>,
  now: Date,
): { changes: Partial<LicenseFields>; errors: FieldErrors } {
  const errors: FieldErrors = { ...input.errors };
  const merged: LicenseFields = { ...current };
  for (const prop of input.sent) {
    if (prop === 'licenseKey') continue;
    const value = input.values[prop];
    if (NOT_EMPTY_ON_EDIT.includes(prop) && isEmpty(value)) {
      if (!errors[wireName(prop)]) addError(errors, wireName(prop), `${wireName(prop)} must not be empty`);
      continue;
    }
    (merged as unknown as Record<string, unknown>)[prop] = value;
  }
  if (input.sent.has('productRef') && !input.sent.has('itemReference') && current.itemReference === current.productRef) {
    merged.itemReference = merged.productRef;
  }
  if (!merged.itemReference) merged.itemReference = merged.productRef;
  applyTypeRules(merged, settings, now, errors);
  const changes: Partial<LicenseFields> = {};
  for (const key of Object.keys(merged) as (keyof LicenseFields)[]) {
    if (key === 'licenseKey') continue;
    const before = current[key];
    const after = merged[key];
    const same = before instanceof Date || after instanceof Date ? before?.valueOf() === after?.valueOf() : before === after;
    if (!same) (changes as Record<string, unknown>)[key] = after;
  }
  return { changes, errors };
}
