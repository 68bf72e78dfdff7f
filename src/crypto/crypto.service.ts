import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export class DecryptionError extends Error {
  constructor() {
    super('Ciphertext could not be authenticated');
  }
}

/**
 * Encryption at rest for tenant secrets: AES-256-GCM under a per-tenant key derived from the
 * master key with HKDF-SHA256, and an HMAC-SHA256 blind index so that a secret can be found
 * without decrypting every row.
 */
@Injectable()
export class CryptoService {
  private readonly tenantKeys = new Map<string, Buffer>();
  private readonly indexKey: Buffer;

  constructor(config: AppConfig) {
    this.master = config.masterKey;
    this.indexKey = this.derive('license-server/blind-index/v1', 'global');
  }

  private readonly master: Buffer;

  /** HKDF-SHA256 of the master key; `salt` separates tenants, `info` separates purposes. */
  derive(info: string, salt: string, length = 32): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.from(salt), Buffer.from(info), length));
  }

  tenantKey(tenantId: number | string): Buffer {
    const id = String(tenantId);
    let key = this.tenantKeys.get(id);
    if (!key) {
      key = this.derive('license-server/tenant-secrets/v1', `tenant:${id}`);
      this.tenantKeys.set(id, key);
    }
    return key;
  }

  /** Returns `v1.<base64 iv|tag|ciphertext>`; the tenant id is bound as additional data. */
  encrypt(tenantId: number | string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.tenantKey(tenantId), iv);
    cipher.setAAD(Buffer.from(`tenant:${tenantId}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(tenantId: number | string, blob: string): string {
    if (!blob.startsWith(`${VERSION}.`)) throw new DecryptionError();
    const data = Buffer.from(blob.slice(VERSION.length + 1), 'base64');
    if (data.length < IV_BYTES + TAG_BYTES) throw new DecryptionError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.tenantKey(tenantId), data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`tenant:${tenantId}`));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError();
    }
  }

  /** Deterministic lookup token: HMAC-SHA256 over `purpose:value`, hex. */
  blindIndex(purpose: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${purpose}:${value}`).digest('hex');
  }

  private ipSalt?: { day: string; key: Buffer };

  /**
   * A client IP as stored or used as a counter key: HMAC-SHA256 under a salt that changes every
   * UTC day (derived from the master key), hex. The clear IP is never kept.
   */
  hashIp(ip: string, now: Date = new Date()): string {
    const day = now.toISOString().slice(0, 10);
    if (this.ipSalt?.day !== day) {
      this.ipSalt = { day, key: this.derive('license-server/ip-salt/v1', day) };
      this.ipHashes.clear();
    }
    // the same few client IPs recur on the hot path (rate limits, logs): memoize per day
    let hash = this.ipHashes.get(ip);
    if (hash === undefined) {
      hash = createHmac('sha256', this.ipSalt.key).update(ip).digest('hex');
      if (this.ipHashes.size >= 10_000) this.ipHashes.clear();
      this.ipHashes.set(ip, hash);
    }
    return hash;
  }

  private readonly ipHashes = new Map<string, string>();

  /** HMAC-SHA256 with a purpose-specific derived key (signatures, IP hashing). */
  hmac(purpose: string, value: string | Buffer): string {
    return createHmac('sha256', this.derive(`license-server/hmac/${purpose}`, 'global')).update(value).digest('hex');
  }
}

/** Constant-time string comparison (lengths are compared via fixed-size digests). */
export function timingSafeEqualStr(a: string, b: string): boolean {
  const ha = createHmac('sha256', 'cmp').update(a).digest();
  const hb = createHmac('sha256', 'cmp').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
