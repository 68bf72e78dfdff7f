import type { FieldErrors } from '../common/contract.exception';
import { LICENSE_STATUSES, LICENSE_TYPES, LicenseStatus, LicenseType } from './entities/license.entity';
import type { ListFilter } from './licenses.service';

export interface ListQuery {
  draw: number;
  start: number;
  length: number;
  filter: ListFilter;
}

export const LIST_MAX_LENGTH = 500;
const SEARCH_MAX = 191;

function single(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) || typeof value === 'object') return '\u0000';
  return String(value).trim();
}

function intParam(errors: FieldErrors, name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    errors[name] = [`${name} must be a whole number between ${min} and ${max}`];
    return fallback;
  }
  return Number(raw);
}

/**
 * The list/export query: DataTables' `draw`, `start`, `length` and `search` (or `search[value]`),
 * plus `status` and `type`. Other DataTables parameters (columns, order) are ignored.
 */
export function parseListQuery(query: Record<string, unknown> | undefined): { query: ListQuery; errors: FieldErrors } {
  const q = query ?? {};
  const errors: FieldErrors = {};
  const draw = intParam(errors, 'draw', single(q.draw), 0, 0, 2_147_483_647);
  const start = intParam(errors, 'start', single(q.start), 0, 0, 1_000_000_000);
  const length = intParam(errors, 'length', single(q.length), 10, 1, LIST_MAX_LENGTH);
  const status = single(q.status);
  const type = single(q.type);
  const search = single(q.search) ?? single(q['search[value]']);
  const filter: ListFilter = {};
  if (status) {
    if ((LICENSE_STATUSES as readonly string[]).includes(status)) filter.status = status as LicenseStatus;
    else errors.status = [`status must be one of ${LICENSE_STATUSES.join(', ')}`];
  }
  if (type) {
    if ((LICENSE_TYPES as readonly string[]).includes(type)) filter.type = type as LicenseType;
    else errors.type = [`type must be one of ${LICENSE_TYPES.join(', ')}`];
  }
  if (search) {
    if ([...search].length > SEARCH_MAX || /[\p{Cc}]/u.test(search)) errors.search = [`search must be at most ${SEARCH_MAX} printable characters`];
    else filter.search = search;
  }
  return { query: { draw, start, length, filter }, errors };
}
