import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app.config';
import { CryptoService, DecryptionError, timingSafeEqualStr } from './crypto.service';

const service = (masterKey: Buffer = randomBytes(32)) => new CryptoService({ masterKey } as AppConfig);

/** Flips one bit of the decoded blob at `index` (negative: from the end) and re-encodes it. */
function tamper(blob: string, index: number): string {
  const data = Buffer.from(blob.slice(3), 'base64');
  const i = index < 0 ? data.length + index : index;
  data[i] ^= 0x01;
  return `v1.${data.toString('base64')}`;
}

describe('CryptoService encryption', () => {
  const master = randomBytes(32);
  const crypto = service(master);

  it('round-trips a secret, including non-ASCII text', () => {
    for (const plain of ['K7QX2M', 'a'.repeat(100), 'ünïcödé ✓ 秘密', '']) {
      expect(crypto.decrypt(7, crypto.encrypt(7, plain))).toBe(plain);
    }
  });

  it('never returns the plaintext in the ciphertext and uses a fresh 12-byte IV each time', () => {
    const plain = 'SecretValue1234567890';
    const a = crypto.encrypt(1, plain);
    const b = crypto.encrypt(1, plain);
    expect(a).not.toBe(b);
    expect(a).not.toContain(plain);
    expect(a.startsWith('v1.')).toBe(true);
    const data = Buffer.from(a.slice(3), 'base64');
    expect(data.length).toBe(12 + 16 + Buffer.byteLength(plain));
    expect(data.subarray(0, 12).equals(Buffer.from(b.slice(3), 'base64').subarray(0, 12))).toBe(false);
  });

  it('decrypts with a second instance built from the same master key', () => {
    expect(service(master).decrypt(3, crypto.encrypt(3, 'portable'))).toBe('portable');
  });

  it.each([
    ['the IV', 0],
    ['the auth tag', 12],
    ['the ciphertext', -1],
  ])('rejects a ciphertext whose %s was tampered with', (_what, index) => {
    const blob = crypto.encrypt(5, 'do-not-touch');
    expect(() => crypto.decrypt(5, tamper(blob, index))).toThrow(DecryptionError);
  });

  it('rejects truncated, unversioned and garbage blobs', () => {
    const blob = crypto.encrypt(5, 'do-not-touch');
    expect(() => crypto.decrypt(5, blob.slice(0, 20))).toThrow(DecryptionError);
    expect(() => crypto.decrypt(5, blob.slice(3))).toThrow(DecryptionError);
    expect(() => crypto.decrypt(5, 'v2.' + blob.slice(3))).toThrow(DecryptionError);
    expect(() => crypto.decrypt(5, 'v1.!!!!')).toThrow(DecryptionError);
    expect(() => crypto.decrypt(5, '')).toThrow(DecryptionError);
  });

  it("rejects another tenant's ciphertext (per-tenant key, tenant bound as additional data)", () => {
    const blob = crypto.encrypt(1, 'tenant-one-secret');
    expect(() => crypto.decrypt(2, blob)).toThrow(DecryptionError);
    expect(() => crypto.decrypt('11', crypto.encrypt(1, 'x'))).toThrow(DecryptionError);
  });

  it('derives different keys per tenant and rejects a ciphertext under another master key', () => {
    expect(crypto.tenantKey(1).equals(crypto.tenantKey(2))).toBe(false);
    expect(crypto.tenantKey(1)).toHaveLength(32);
    expect(() => service().decrypt(1, crypto.encrypt(1, 'secret'))).toThrow(DecryptionError);
  });
});

describe('CryptoService blind index', () => {
  const master = randomBytes(32);
  const crypto = service(master);

  it('is stable for the same master key, purpose and value', () => {
    const a = crypto.blindIndex('validation', 'value');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(service(master).blindIndex('validation', 'value')).toBe(a);
  });

  it('separates purposes, values and master keys', () => {
    const a = crypto.blindIndex('validation', 'value');
    expect(crypto.blindIndex('creation', 'value')).not.toBe(a);
    expect(crypto.blindIndex('validation', 'value2')).not.toBe(a);
    expect(service().blindIndex('validation', 'value')).not.toBe(a);
  });

  it('is not a plain hash of the value', () => {
    expect(crypto.blindIndex('api', 'ABCDEF')).not.toContain('ABCDEF');
  });
});

describe('CryptoService.hashIp', () => {
  const crypto = service();
  const day1 = new Date('2025-03-01T10:00:00Z');
  const laterDay1 = new Date('2025-03-01T23:59:59Z');
  const day2 = new Date('2025-03-02T00:00:01Z');

  it('is stable within a UTC day and changes with the day', () => {
    const h = crypto.hashIp('203.0.113.7', day1);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(crypto.hashIp('203.0.113.7', laterDay1)).toBe(h);
    expect(crypto.hashIp('203.0.113.7', day2)).not.toBe(h);
    // back to day 1 after day 2: still the day-1 value
    expect(crypto.hashIp('203.0.113.7', day1)).toBe(h);
  });

  it('separates IPs and never contains the clear IP', () => {
    expect(crypto.hashIp('203.0.113.7', day1)).not.toBe(crypto.hashIp('203.0.113.8', day1));
    expect(crypto.hashIp('203.0.113.7', day1)).not.toContain('203.0.113.7');
  });

  it('differs between master keys', () => {
    expect(service().hashIp('203.0.113.7', day1)).not.toBe(crypto.hashIp('203.0.113.7', day1));
  });
});

describe('CryptoService.hmac', () => {
  it('is purpose-separated and deterministic', () => {
    const crypto = service();
    expect(crypto.hmac('webhook', 'body')).toBe(crypto.hmac('webhook', 'body'));
    expect(crypto.hmac('webhook', 'body')).not.toBe(crypto.hmac('other', 'body'));
  });
});

describe('timingSafeEqualStr', () => {
  it('compares strings of any length without throwing', () => {
    expect(timingSafeEqualStr('abc', 'abc')).toBe(true);
    expect(timingSafeEqualStr('abc', 'abd')).toBe(false);
    expect(timingSafeEqualStr('abc', 'abcd')).toBe(false);
    expect(timingSafeEqualStr('', '')).toBe(true);
    expect(timingSafeEqualStr('', 'a')).toBe(false);
    expect(timingSafeEqualStr('x'.repeat(1000), 'x'.repeat(1000))).toBe(true);
  });
});
