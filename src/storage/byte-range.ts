/**
 * Single byte ranges (RFC 9110 §14): `bytes=a-b`, `bytes=a-`, `bytes=-n`. Several ranges, other
 * units or malformed values are ignored (the whole file is sent), which the RFC allows; a range
 * that starts past the end is unsatisfiable.
 */
export type ByteRangeRequest = { start: number; end?: number } | { suffix: number };

/** Inclusive first and last byte. */
export interface ByteRange {
  start: number;
  end: number;
}

export class RangeNotSatisfiableError extends Error {
  constructor(readonly size: number) {
    super(`range not satisfiable (size ${size})`);
  }
}

const DIGITS = /^\d{1,15}$/;

/** The one range a `Range` header asks for, or undefined when the whole representation is to be sent. */
export function parseRangeHeader(header: string | undefined): ByteRangeRequest | undefined {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*([^,]*)$/i.exec(header);
  if (!m) return undefined; // another unit, or several ranges
  const spec = m[1].trim();
  const dash = spec.indexOf('-');
  if (dash === -1) return undefined;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') return DIGITS.test(last) ? { suffix: Number(last) } : undefined;
  if (!DIGITS.test(first)) return undefined;
  if (last === '') return { start: Number(first) };
  if (!DIGITS.test(last) || Number(last) < Number(first)) return undefined;
  return { start: Number(first), end: Number(last) };
}

/** The bytes of a `size`-byte object that `request` selects; throws RangeNotSatisfiableError when none. */
export function resolveRange(request: ByteRangeRequest, size: number): ByteRange {
  if ('suffix' in request) {
    if (request.suffix === 0 || size === 0) throw new RangeNotSatisfiableError(size);
    return { start: Math.max(0, size - request.suffix), end: size - 1 };
  }
  if (request.start >= size) throw new RangeNotSatisfiableError(size);
  return { start: request.start, end: Math.min(request.end ?? size - 1, size - 1) };
}
