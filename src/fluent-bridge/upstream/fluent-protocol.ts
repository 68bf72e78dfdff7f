/**
 * FluentCart's public licensing protocol (fluent-upstream.md): URL building, lenient parsing of
 * its answers, and the messages the bridge shows for its error types.
 */
export type FluentAction = 'activate_license' | 'check_license' | 'deactivate_license' | 'get_license_version';

/** The bridge's message for each upstream `error_type` (fluent-upstream.md); other types pass the upstream message through. */
export const FLUENT_ERROR_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  validation_error: 'Please provide the license key, URL, and item ID.',
  key_mismatch: "This license key doesn't match the product. Please check your key.",
  license_error: 'Invalid license key for this product. Please verify your key.',
  license_not_found: 'License key not found. Please make sure it is correct.',
  license_expired: 'Your license key has expired. Please renew or buy a new one.',
  activation_error: 'Unable to activate. Your license may be expired.',
  activation_limit_exceeded: 'Activation limit reached. Please upgrade or get a new license.',
  site_not_found: 'This website is not registered under your license.',
  deactivation_error: 'Unable to deactivate the license. Please try again later.',
  product_not_found: 'Product not found. Please check the product ID.',
  license_settings_not_found: 'License settings not configured for this product.',
  license_not_enabled: "Licensing hasn't been enabled for this product.",
});

/** The upstream error type of an answer (`error_type`, or `error` as some stores send it), or null. */
export function fluentErrorType(body: Record<string, unknown> | null | undefined): string | null {
  const t = body?.error_type ?? body?.error;
  return typeof t === 'string' && t !== '' ? t : null;
}

/**
 * The message to show for an upstream error: the table's message for a known type, else the
 * upstream `message` when it is a non-empty string, else `fallback`.
 */
export function fluentErrorMessage(body: Record<string, unknown> | null | undefined, fallback: string): string {
  const type = fluentErrorType(body);
  if (type && Object.hasOwn(FLUENT_ERROR_MESSAGES, type)) return FLUENT_ERROR_MESSAGES[type];
  const message = body?.message;
  if (typeof message === 'string' && message.trim() !== '') return message.trim().slice(0, 500);
  return fallback;
}

/**
 * `{api_url}?fluent-cart={action}&...`. The store's front page is the endpoint, so a path without
 * a trailing slash gets one (WordPress would redirect otherwise); a query already in `api_url`
 * is kept.
 */
export function buildFluentUrl(apiUrl: string, action: FluentAction, params: Record<string, string | number | undefined | null>): URL {
  const url = new URL(apiUrl.trim());
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  url.hash = '';
  url.searchParams.set('fluent-cart', action);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  return url;
}

/** Whether `value` is an http(s) URL with a host, usable as a product's `api_url`. */
export function isUsableApiUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Parses an upstream body leniently: a UTF-8 BOM and anything a WordPress site printed before the
 * JSON object (PHP notices) are skipped. Returns null when no JSON object can be read.
 */
export function parseFluentBody(text: string): Record<string, unknown> | null {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const attempt = (s: string) => {
    try {
      const v: unknown = JSON.parse(s);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const direct = attempt(trimmed);
  if (direct || trimmed.startsWith('{')) return direct;
  const start = trimmed.indexOf('{');
  return start > 0 ? attempt(trimmed.slice(start)) : null;
}

const INT32_MAX = 2_147_483_647;

/**
 * An integer from a number or a numeric string (`10`, `"10"`, `" 10 "`); else null. Only what an
 * INT column holds (32-bit signed): a store that sends more is not believed (null), rather than
 * failing the insert after the store already activated the site.
 */
export function lenientInt(value: unknown): number | null {
  let n: number | null = null;
  if (typeof value === 'number' && Number.isFinite(value)) n = Math.trunc(value);
  else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) n = Math.trunc(Number(value));
  return n !== null && Math.abs(n) <= INT32_MAX ? n : null;
}

/** A non-empty string, or null. */
export function lenientString(value: unknown, max = 191): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

/**
 * A date the store sent, as UTC: `"YYYY-MM-DD HH:mm:ss"` (GMT), ISO 8601, or a PHP DateTime
 * object `{"date":"2026-03-01 08:29:18.000000","timezone_type":3,"timezone":"UTC"}`.
 * `"lifetime"`, empty and unreadable values give null.
 */
export function lenientDate(value: unknown): Date | null {
  let raw: unknown = value;
  let zone = 'UTC';
  if (raw && typeof raw === 'object' && 'date' in raw) {
    const o = raw as { date?: unknown; timezone?: unknown };
    raw = o.date;
    if (typeof o.timezone === 'string' && /^(UTC|GMT|Z|\+00:00)$/i.test(o.timezone)) zone = 'UTC';
    else if (typeof o.timezone === 'string' && /^[+-]\d{2}:\d{2}$/.test(o.timezone)) zone = o.timezone;
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', se = '00', frac = '0', tz] = m;
  const offset = tz ?? (zone === 'UTC' ? 'Z' : zone);
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${se}.${frac.padEnd(3, '0').slice(0, 3)}${offset === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** What the bridge keeps of a license answer (activate or check). */
export interface FluentLicenseFacts {
  activationHash: string | null;
  upstreamProductId: number | null;
  variationId: number | null;
  productTitle: string | null;
  variationTitle: string | null;
  activationLimit: number | null;
  activationsCount: number | null;
  expiresAt: Date | null;
  isLifetime: boolean;
  licenseStatus: string | null;
}

export function licenseFacts(body: Record<string, unknown>): FluentLicenseFacts {
  const expiration = body.expiration_date;
  return {
    activationHash: lenientString(body.activation_hash),
    upstreamProductId: lenientInt(body.product_id),
    variationId: lenientInt(body.variation_id),
    productTitle: lenientString(body.product_title),
    variationTitle: lenientString(body.variation_title),
    activationLimit: lenientInt(body.activation_limit),
    activationsCount: lenientInt(body.activations_count),
    expiresAt: lenientDate(expiration),
    isLifetime: typeof expiration === 'string' && expiration.trim().toLowerCase() === 'lifetime',
    licenseStatus: lenientString(body.status, 32),
  };
}

/** `success` as the store sent it: `true`, `"true"`, `1` or `"1"`. */
export function isSuccess(body: Record<string, unknown>): boolean {
  const s = body.success;
  return s === true || s === 1 || s === 'true' || s === '1';
}

/** A field the protocol defines: a scalar, or an object of scalars with the named keys. */
type FieldShape = 'scalar' | readonly string[];

const PHP_DATE_KEYS = ['date', 'timezone_type', 'timezone'] as const;
const LICENSE_FIELDS: Readonly<Record<string, FieldShape>> = {
  success: 'scalar',
  status: 'scalar',
  activation_limit: 'scalar',
  activation_hash: 'scalar',
  activations_count: 'scalar',
  license_key: 'scalar',
  expiration_date: 'scalar',
  product_id: 'scalar',
  variation_id: 'scalar',
  variation_title: 'scalar',
  product_title: 'scalar',
  created_at: PHP_DATE_KEYS,
  updated_at: PHP_DATE_KEYS,
};
/** a deactivation answer carries no key and no hash */
const DEACTIVATION_FIELDS = Object.fromEntries(Object.entries(LICENSE_FIELDS).filter(([f]) => f !== 'activation_hash' && f !== 'license_key'));
const VERSION_FIELDS: Readonly<Record<string, FieldShape>> = {
  success: 'scalar',
  new_version: 'scalar',
  stable_version: 'scalar',
  name: 'scalar',
  slug: 'scalar',
  url: 'scalar',
  last_updated: 'scalar',
  homepage: 'scalar',
  package: 'scalar',
  download_link: 'scalar',
  trunk: 'scalar',
  license_status: 'scalar',
  license_message: 'scalar',
  sections: ['description', 'changelog'],
  banners: ['low', 'high'],
  icons: ['2x', '1x'],
};

/** The fields of each action's success answer (fluent-upstream.md); nothing else is ever passed on. */
const ANSWER_FIELDS: Readonly<Record<FluentAction, Readonly<Record<string, FieldShape>>>> = {
  activate_license: LICENSE_FIELDS,
  check_license: LICENSE_FIELDS,
  deactivate_license: DEACTIVATION_FIELDS,
  get_license_version: VERSION_FIELDS,
};

const isScalar = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * What the bridge passes on of a store's answer: only the fields the protocol defines for the
 * action, scalars as the store sent them (a wobbly `"10"` stays `"10"`), known objects with their
 * known keys. An upstream body is never passed through: whatever else it carries (an internal
 * service's content, a planted field) does not leave the server.
 */
export function protocolFields(action: FluentAction, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, shape] of Object.entries(ANSWER_FIELDS[action])) {
    if (!Object.hasOwn(body, field)) continue;
    const value = body[field];
    if (shape === 'scalar') {
      if (isScalar(value)) out[field] = value;
    } else if (isScalar(value)) {
      out[field] = value; // e.g. a date as a plain string
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      const inner: Record<string, unknown> = {};
      for (const key of shape) {
        const v = (value as Record<string, unknown>)[key];
        if (Object.hasOwn(value, key) && isScalar(v)) inner[key] = v;
      }
      out[field] = inner;
    }
  }
  return out;
}
