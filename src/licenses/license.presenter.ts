import type { FieldErrors } from '../common/contract.exception';
import { merafError, merafSuccess } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import type { License } from './entities/license.entity';
import { formatMerafDate } from './license-dates';
import type { LicenseRecord } from './license-lookup';
import { UNUSABLE_MESSAGES } from './license-rules';
import type { DeletedCounts, DeleteOption, LicenseStatistics, ValidateOutcome } from './licenses.service';

/** The MERAF license responses: one place that turns licenses and outcomes into wire bodies. */

export const MESSAGES = {
  VALID: 'License key is valid.',
  UNKNOWN: 'Invalid license key.',
  NOT_FOUND: 'License key not found.',
  CREATED: 'License successfully created.',
  EXISTS: 'License key already exists.',
  UPDATED: 'License details successfully updated.',
  UNCHANGED: 'License details unchanged.',
  UPDATE_FAILED: 'License detail update failed. Check the fields listed in errors.',
  DELETED: 'License deleted.',
  EMPTY: 'The requested data returned empty.',
} as const;

/** Every field the validate endpoint returns besides result/message/error_code. */
export function licenseDetails(record: LicenseRecord): Record<string, unknown> {
  const l = record.license;
  return {
    license_key: l.licenseKey,
    status: l.status,
    license_type: l.type,
    first_name: l.firstName,
    last_name: l.lastName,
    email: l.email,
    company_name: l.companyName,
    registered_domains: record.activations
      .filter((a) => a.type === 'domain')
      .map((a) => ({ domain_name: a.name, registered_domain: a.name, date: formatMerafDate(a.createdAt) })),
    registered_devices: record.activations
      .filter((a) => a.type === 'device')
      .map((a) => ({ device_name: a.name, registered_device: a.name, date: formatMerafDate(a.createdAt) })),
    date_created: formatMerafDate(l.createdAt),
    date_activated: formatMerafDate(l.dateActivated),
    date_expiry: formatMerafDate(l.dateExpiry),
    product_ref: l.productRef,
    current_ver: l.currentVer,
    until: l.until,
    max_allowed_domains: l.maxAllowedDomains,
    max_allowed_devices: l.maxAllowedDevices,
    item_reference: l.itemReference,
    txn_id: l.txnId,
    purchase_id_: l.purchaseId,
    subscr_id: l.subscrId,
  };
}

export function presentValidation(outcome: ValidateOutcome) {
  switch (outcome.outcome) {
    case 'valid':
      return merafSuccess(MESSAGES.VALID, MerafCode.VALID_LICENSE, licenseDetails(outcome.record));
    case 'unusable':
      return merafError(UNUSABLE_MESSAGES[outcome.reason], MerafCode.INVALID_LICENSE, licenseDetails(outcome.record));
    case 'unknown':
      return merafError(MESSAGES.UNKNOWN, MerafCode.INVALID_LICENSE);
  }
}

/**
 * Create refused for its input (HTTP 400, error_code 10): `message` is the object of field errors
 * (DECISIONS A3; deployed servers send CodeIgniter's `{field: message}`), `errors` the same fields
 * in the project's input-error shape (`{field: [messages]}`).
 */
export function presentCreateInvalid(errors: FieldErrors) {
  const message = Object.fromEntries(Object.entries(errors).map(([field, messages]) => [field, messages.join(' ')]));
  return merafError(message, MerafCode.CREATE_FAILED, { errors });
}

/** Create success: `code` (not error_code) 400, and the key. */
export function presentCreated(license: License) {
  return { result: 'success', message: MESSAGES.CREATED, key: license.licenseKey, code: MerafCode.LICENSE_CREATED };
}

export function presentUpdated(license: License, changed: string[]) {
  return {
    result: 'success',
    message: changed.length ? MESSAGES.UPDATED : MESSAGES.UNCHANGED,
    key: license.licenseKey,
    changed,
    code: MerafCode.KEY_UPDATE_SUCCESS,
  };
}

export function presentDeleted(licenseKey: string, option: DeleteOption, counts: DeletedCounts) {
  return merafSuccess(MESSAGES.DELETED, MerafCode.KEY_DELETE_SUCCESS, { license_key: licenseKey, option, deleted: counts });
}

/** One row of the DataTables list. */
export function presentListRow(l: License) {
  return {
    id: l.id,
    license_key: l.licenseKey,
    first_name: l.firstName,
    last_name: l.lastName,
    email: l.email,
    license_status: l.status,
    license_type: l.type,
    date_created: formatMerafDate(l.createdAt),
    product_ref: l.productRef,
    company_name: l.companyName,
    item_reference: l.itemReference,
    max_allowed_domains: l.maxAllowedDomains,
    max_allowed_devices: l.maxAllowedDevices,
    date_activated: formatMerafDate(l.dateActivated),
    date_expiry: formatMerafDate(l.dateExpiry),
  };
}

/** The data-lookup body: the spec's fields first, then the rest of the license. */
export function presentLicenseData(l: License) {
  return {
    id: l.id,
    license_key: l.licenseKey,
    first_name: l.firstName,
    last_name: l.lastName,
    email: l.email,
    purchase_id_: l.purchaseId,
    product_ref: l.productRef,
    date_created: formatMerafDate(l.createdAt),
    license_status: l.status,
    license_type: l.type,
    company_name: l.companyName,
    txn_id: l.txnId,
    subscr_id: l.subscrId,
    item_reference: l.itemReference,
    max_allowed_domains: l.maxAllowedDomains,
    max_allowed_devices: l.maxAllowedDevices,
    billing_length: l.billingLength,
    billing_interval: l.billingInterval,
    until: l.until,
    current_ver: l.currentVer,
    manual_reset_count: l.manualResetCount,
    date_activated: formatMerafDate(l.dateActivated),
    date_expiry: formatMerafDate(l.dateExpiry),
  };
}

export const EMPTY_BODY = merafError(MESSAGES.EMPTY, MerafCode.RETURNED_EMPTY);

export const CSV_HEADER = ['ID', 'License Key', 'Status', 'Type', 'First Name', 'Last Name', 'Email', 'Product', 'Created Date', 'Expiry Date'];

/** RFC 4180 field; a leading = + - @ (spreadsheet formula) is neutralised with a quote. */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: Array<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvRow(l: License): string {
  return csvLine([l.id, l.licenseKey, l.status, l.type, l.firstName, l.lastName, l.email, l.productRef, formatMerafDate(l.createdAt), formatMerafDate(l.dateExpiry)]);
}

export function presentDashboardLicense(l: License) {
  return {
    id: l.id,
    license_key: l.licenseKey,
    status: l.status,
    type: l.type,
    customer_email: l.email,
    product_ref: l.productRef,
    date_created: formatMerafDate(l.createdAt),
  };
}

export type { LicenseStatistics };
