import { randomBytes, randomInt } from 'node:crypto';

export const LICENSE_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** No 0/O, 1/I: the MERAF User-API-Key alphabet. */
export const USER_API_KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const USER_API_KEY_LENGTH = 6;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const LICENSE_KEY_MIN_LENGTH = 16;
export const LICENSE_KEY_MAX_LENGTH = 128;
export const DEFAULT_LICENSE_KEY_LENGTH = 40;

/** Uniform random string over `alphabet` (rejection sampling via crypto.randomInt). */
export function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export interface LicenseKeyFormat {
  prefix?: string;
  suffix?: string;
  /** Total length including prefix and suffix; 16-128. */
  length?: number;
}

/** A license key per the tenant's settings: `prefix + random [A-Z0-9] + suffix`, `length` chars in all. */
export function generateLicenseKey(format: LicenseKeyFormat = {}): string {
  const prefix = format.prefix ?? '';
  const suffix = format.suffix ?? '';
  const length = format.length ?? DEFAULT_LICENSE_KEY_LENGTH;
  if (length < LICENSE_KEY_MIN_LENGTH || length > LICENSE_KEY_MAX_LENGTH) {
    throw new RangeError(`license key length must be ${LICENSE_KEY_MIN_LENGTH}-${LICENSE_KEY_MAX_LENGTH}`);
  }
  const randomPart = length - prefix.length - suffix.length;
  if (randomPart < 8) throw new RangeError('prefix and suffix leave fewer than 8 random characters');
  return prefix + randomString(LICENSE_KEY_ALPHABET, randomPart) + suffix;
}

export function generateUserApiKey(): string {
  return randomString(USER_API_KEY_ALPHABET, USER_API_KEY_LENGTH);
}

/** A secret key: 32 random bytes in base62 (43 chars). */
export function generateSecretKey(): string {
  return randomString(BASE62, 43);
}

/** An opaque bearer token (lead tokens, signed-URL nonces): 32 random bytes, base64url. */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export const USER_API_KEY_PATTERN = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;
export const SECRET_KEY_PATTERN = /^[A-Za-z0-9_-]{10,100}$/;
