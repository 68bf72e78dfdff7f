import { timingSafeEqualStr } from '../crypto/crypto.service';

/**
 * Signed download tokens: `<tenant>.<file>.<expiry>.<sealed license key>.<signature>`.
 * The signature is HMAC-SHA256 (CryptoService.hmac, purpose `download-url`) over tenant, file
 * id, license key and expiry. The license key travels only sealed (AES-256-GCM under the
 * tenant's key, base64url), so a URL in a log or a browser history does not reveal it.
 */
export interface DownloadClaims {
  tenantId: number;
  fileId: number;
  licenseKey: string;
  /** unix seconds */
  expiresAt: number;
}

/** The crypto the tokens need (CryptoService provides it). */
export interface TokenCrypto {
  hmac(purpose: string, value: string): string;
  encrypt(tenantId: number, plaintext: string): string;
  decrypt(tenantId: number, blob: string): string;
}

export type TokenCheck = { ok: true; claims: DownloadClaims } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

const PURPOSE = 'download-url';
const SEALED_PREFIX = 'v1.';
const TOKEN_PATTERN = /^(\d{1,10})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{20,400})\.([0-9a-f]{64})$/;

function signature(crypto: TokenCrypto, c: DownloadClaims): string {
  return crypto.hmac(PURPOSE, `${c.tenantId}.${c.fileId}.${c.licenseKey}.${c.expiresAt}`);
}

export function signDownloadToken(crypto: TokenCrypto, claims: DownloadClaims): string {
  const sealed = crypto.encrypt(claims.tenantId, claims.licenseKey);
  const k = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64').toString('base64url');
  return `${claims.tenantId}.${claims.fileId}.${claims.expiresAt}.${k}.${signature(crypto, claims)}`;
}

/** Checks shape, seal and signature first (a tampered expiry is "tampered"), then the expiry. */
export function verifyDownloadToken(crypto: TokenCrypto, token: string, now: Date = new Date()): TokenCheck {
  const m = typeof token === 'string' ? TOKEN_PATTERN.exec(token) : null;
  if (!m) return { ok: false, reason: 'malformed' };
  const tenantId = Number(m[1]);
  const fileId = Number(m[2]);
  const expiresAt = Number(m[3]);
  let licenseKey: string;
  try {
    licenseKey = crypto.decrypt(tenantId, SEALED_PREFIX + Buffer.from(m[4], 'base64url').toString('base64'));
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  const claims = { tenantId, fileId, licenseKey, expiresAt };
  if (!timingSafeEqualStr(signature(crypto, claims), m[5])) return { ok: false, reason: 'tampered' };
  if (expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
