import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { ActivityLog } from './entities/activity-log.entity';
import { ValidationLog } from './entities/validation-log.entity';
import { formatLogTime } from './log-format';
import type { Page, PageRequest } from './logs.service';

/** The wire shapes of the logs: the MERAF logs endpoint and the tenant's paginated log endpoints. */

export const NO_LOGS_MESSAGE = 'No logs found.';

/** One entry of `GET /api/license/logs/...` (and of `GET /api/user/logs/activity`). */
export function presentActivityEntry(r: ActivityLog) {
  return {
    id: Number(r.id),
    license_key: r.licenseKey,
    action_type: r.actionType,
    details: r.details ?? '',
    ip_address: r.ipAddress,
    user_agent: r.userAgent,
    time: formatLogTime(r.createdAt),
    is_valid: r.isValid ? 'yes' : 'no',
  };
}

export function presentValidationEntry(r: ValidationLog) {
  return {
    id: Number(r.id),
    license_key: r.licenseKey,
    outcome: r.outcome,
    source: r.source,
    product_ref: r.productRef,
    target: r.target,
    details: r.details ?? '',
    ip_address: r.ipAddress,
    user_agent: r.userAgent,
    time: formatLogTime(r.createdAt),
  };
}

/** `{"result":"success","data":[...]}`, or error_code 204 RETURNED_EMPTY (HTTP 200) when there is nothing. */
export function licenseLogsBody(rows: ActivityLog[]) {
  if (rows.length === 0) return merafError(NO_LOGS_MESSAGE, MerafCode.RETURNED_EMPTY);
  return { result: 'success', data: rows.map(presentActivityEntry) };
}

export function logPageBody<T, R>(page: Page<T>, request: PageRequest, present: (row: T) => R) {
  return { result: 'success', data: page.rows.map(present), page: request.page, per_page: request.perPage, total: page.total };
}

export const ACTIVITY_ENTRY_EXAMPLE = {
  id: 1,
  license_key: 'ABC123DEF456GHI789JKL012MNO345PQR678STU9',
  action_type: 'validation_attempt',
  details: 'Valid license key',
  ip_address: '3f1c9a5e0b7d4c2a8e6f1b3d5a7c9e0f2b4d6a8c0e2f4b6d8a0c2e4f6b8d0a2c',
  user_agent: 'Mozilla/5.0',
  time: '2024-01-15 10:30:00',
  is_valid: 'yes',
};

export const VALIDATION_ENTRY_EXAMPLE = {
  id: 7,
  license_key: 'ABC123DEF456GHI789JKL012MNO345PQR678STU9',
  outcome: 'error',
  source: 'routine',
  product_ref: 'my-product',
  target: 'example.com',
  details: 'Domain not registered',
  ip_address: '3f1c9a5e0b7d4c2a8e6f1b3d5a7c9e0f2b4d6a8c0e2f4b6d8a0c2e4f6b8d0a2c',
  user_agent: 'WordPress/6.5',
  time: '2024-01-15 10:30:00',
};
