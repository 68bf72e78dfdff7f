import { domainToASCII } from 'node:url';
import type { ActivationType } from './entities/license-activation.entity';

export type Normalized = { ok: true; name: string } | { ok: false; error: string };

export const DEVICE_NAME_MAX = 255;
const DOMAIN_MAX = 253;
const INPUT_MAX = 2048;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Device ids: UUIDs, MAC addresses, host names, "Ann's iPhone (2)". No markup or statement characters.
const DEVICE = /^[\p{L}\p{M}\p{N} ._\-:+/#@(),'|~]+$/u;

/**
 * A domain as stored and compared (DECISIONS A4): lower-cased; scheme, user info, `www.`, port,
 * path, query and trailing dots removed; IDN converted to punycode. `https://WWW.Münich.de:8443/x`
 * → `xn--mnich-kva.de`.
 */
export function normalizeDomain(input: string): Normalized {
  let s = input.trim();
  if (s === '') return { ok: false, error: 'name must not be empty' };
  if (s.length > INPUT_MAX) return { ok: false, error: 'name is too long' };
  if (INVISIBLE.test(s) || /\s/.test(s)) return { ok: false, error: 'name must not contain spaces or control characters' };
  s = s.toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  s = s.split(/[/?#\\]/, 1)[0];
  const at = s.lastIndexOf('@');
  if (at !== -1) s = s.slice(at + 1);
  s = s.replace(/:\d*$/, '');
  if (s.includes(':') || s.includes('[') || s.includes('%')) return { ok: false, error: 'name is not a valid domain name' };
  s = s.replace(/\.+$/, '');
  if (s === '') return { ok: false, error: 'name is not a valid domain name' };
  let ascii = domainToASCII(s);
  if (!ascii) return { ok: false, error: 'name is not a valid domain name' };
  ascii = ascii.replace(/\.+$/, '');
  if (ascii.startsWith('www.') && ascii.length > 4) ascii = ascii.slice(4);
  if (ascii.length > DOMAIN_MAX || !ascii.split('.').every((label) => LABEL.test(label))) {
    return { ok: false, error: 'name is not a valid domain name' };
  }
  return { ok: true, name: ascii };
}

/** A device id as stored and compared: trimmed, 1-255 printable characters, case kept. */
export function normalizeDevice(input: string): Normalized {
  const s = input.trim();
  if (s === '') return { ok: false, error: 'name must not be empty' };
  if (INVISIBLE.test(s)) return { ok: false, error: 'name must contain printable characters only' };
  if ([...s].length > DEVICE_NAME_MAX) return { ok: false, error: `name must be at most ${DEVICE_NAME_MAX} characters` };
  if (!DEVICE.test(s)) return { ok: false, error: "name may contain only letters, digits, spaces and . _ - : + / # @ ( ) , ' | ~" };
  return { ok: true, name: s };
}

export function normalizeActivationName(type: ActivationType, input: string): Normalized {
  return type === 'domain' ? normalizeDomain(input) : normalizeDevice(input);
}
