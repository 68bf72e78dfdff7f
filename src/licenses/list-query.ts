import type { FieldErrors } from '../common/contract.exception';
import { LICENSE_STATUSES, LICENSE_TYPES, LicenseStatus, LicenseType } from './entities/license.entity';
import type { License } from './entities/license.entity';
import type { ListFilter } from './licenses.service';

/** The list's columns a DataTables client may sort by (its `columns[i][data]`), and the license field each is. */
export const SORTABLE_COLUMNS = {
  id: 'id',
  license_key: 'licenseKey',
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  license_status: 'status',
  license_type: 'type',
  date_created: 'createdAt',
  product_ref: 'productRef',
  company_name: 'companyName',
  item_reference: 'itemReference',
  max_allowed_domains: 'maxAllowedDomains',
  max_allowed_devices: 'maxAllowedDevices',
  date_activated: 'dateActivated',
  date_expiry: 'dateExpiry',
} as const satisfies Record<string, keyof License>;
export type SortField = (typeof SORTABLE_COLUMNS)[keyof typeof SORTABLE_COLUMNS];

export interface ListOrder {
  field: SortField;
  dir: 'ASC' | 'DESC';
}

export interface ListQuery {
  draw: number;
  start: number;
  length: number;
  filter: ListFilter;
  /** DataTables' order, in priority order; empty: newest first */
  order: ListOrder[];
}

/** How many `order[i]` entries are honoured (DataTables sends one per shift-clicked column). */
const MAX_ORDER_ENTRIES = 5;

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
 * DataTables' sort: `order[i][column]` is an index into `columns[...]`, whose `[data]` (or `[name]`)
 * names a list field; `order[i][dir]` is `asc` or `desc`. An entry naming no sortable field, a
 * column sent as `orderable=false` or an unknown direction is skipped, not refused: DataTables
 * clients send their whole column set, including columns the server cannot sort.
 */
export function parseListOrder(q: Record<string, unknown>): ListOrder[] {
  const indexes = Object.keys(q)
    .map((k) => /^order\[(\d{1,3})\]\[column\]$/.exec(k)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, MAX_ORDER_ENTRIES);
  const out: ListOrder[] = [];
  for (const i of indexes) {
    const column = single(q[`order[${i}][column]`]);
    const dir = single(q[`order[${i}][dir]`])?.toLowerCase() ?? 'asc';
    if (!column || !/^\d{1,3}$/.test(column) || (dir !== 'asc' && dir !== 'desc')) continue;
    if (single(q[`columns[${column}][orderable]`]) === 'false') continue;
    const data = single(q[`columns[${column}][data]`]);
    const name = single(q[`columns[${column}][name]`]);
    const wire = data && Object.hasOwn(SORTABLE_COLUMNS, data) ? data : name && Object.hasOwn(SORTABLE_COLUMNS, name) ? name : undefined;
    if (!wire) continue;
    const field = SORTABLE_COLUMNS[wire as keyof typeof SORTABLE_COLUMNS];
    if (!out.some((o) => o.field === field)) out.push({ field, dir: dir === 'desc' ? 'DESC' : 'ASC' });
  }
  return out;
}

/**
 * The list/export query: DataTables' `draw`, `start`, `length`, `search` (or `search[value]`) and
 * `order` (with `columns`), plus `status` and `type`. Other DataTables parameters are ignored.
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
  return { query: { draw, start, length, filter, order: parseListOrder(q) }, errors };
}
