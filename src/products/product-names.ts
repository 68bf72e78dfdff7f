/**
 * Names and slugs of products and variations. Product names appear in URL paths of the
 * documented routes (`/api/product/files/{product_name}/...`) and in licenses' `product_ref`,
 * so they may not contain characters that break a path segment; `all` is reserved because
 * `/api/product/changelog/all/...` means every product.
 */
export const PRODUCT_NAME_MAX = 100;
export const VARIATION_NAME_MAX = 64;
export const SLUG_MAX = 100;
export const RESERVED_NAMES = new Set(['all']);

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// control characters, and characters that break or change a URL path segment
const FORBIDDEN_IN_NAME = /[\p{Cc}\p{Cf}/\\?#%]/u;

/** Problems with a display name, as messages; empty when it is fine. */
export function nameProblems(field: string, value: unknown, max: number): string[] {
  if (typeof value !== 'string') return [`${field} must be a string`];
  const v = value.trim();
  const out: string[] = [];
  if (v.length === 0) out.push(`${field} must not be empty`);
  if (v.length > max) out.push(`${field} must be at most ${max} characters`);
  if (FORBIDDEN_IN_NAME.test(v)) out.push(`${field} must not contain control characters or / \\ ? # %`);
  if (RESERVED_NAMES.has(v.toLowerCase())) out.push(`${field} "${v}" is reserved`);
  return out;
}

export function slugProblems(field: string, value: unknown): string[] {
  if (typeof value !== 'string') return [`${field} must be a string`];
  const out: string[] = [];
  if (!SLUG_PATTERN.test(value) || value.length > SLUG_MAX) {
    out.push(`${field} must be 1-${SLUG_MAX} lower-case letters, digits and single hyphens (e.g. my-plugin)`);
  } else if (!/[a-z]/.test(value)) {
    out.push(`${field} must contain a letter (a slug of digits only would read as an id)`);
  } else if (RESERVED_NAMES.has(value)) {
    out.push(`${field} "${value}" is reserved`);
  }
  return out;
}

/** A URL-safe slug for a name: ASCII lower-case words joined by hyphens; never digits only. */
export function slugify(name: string, fallback = 'product'): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX - 12)
    .replace(/-+$/g, '');
  if (!s) s = fallback;
  else if (!/[a-z]/.test(s) || RESERVED_NAMES.has(s)) s = `${fallback}-${s}`;
  return s;
}

/** The key names are compared and kept unique by: trimmed and lower-cased. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}
