import { FieldErrors } from '../contract.exception';

/**
 * A whole number from a query-string value within [min, max]; absent or empty gives the
 * default. A bad value is recorded in `errors` under `name` (the caller throws once for all).
 */
export function queryInt(value: unknown, name: string, fallback: number, min: number, max: number, errors: FieldErrors): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && /^\d{1,10}$/.test(value.trim())) {
    const n = Number(value.trim());
    if (n >= min && n <= max) return n;
  }
  errors[name] = [`${name} must be a whole number from ${min} to ${max}`];
  return fallback;
}
