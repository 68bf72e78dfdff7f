import {
  DEFAULT_LICENSE_KEY_LENGTH,
  generateLicenseKey,
  generateSecretKey,
  generateToken,
  generateUserApiKey,
  LICENSE_KEY_ALPHABET,
  SECRET_KEY_PATTERN,
  USER_API_KEY_ALPHABET,
  USER_API_KEY_PATTERN,
} from './key-generators';

const many = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

describe('generateLicenseKey', () => {
  it('defaults to 40 characters of [A-Z0-9]', () => {
    expect(DEFAULT_LICENSE_KEY_LENGTH).toBe(40);
    for (const key of many(200, () => generateLicenseKey())) expect(key).toMatch(/^[A-Z0-9]{40}$/);
  });

  it('uses every character of the alphabet (uniform, not a narrowed set)', () => {
    const seen = new Set(many(500, () => generateLicenseKey()).join(''));
    expect([...seen].sort().join('')).toBe([...LICENSE_KEY_ALPHABET].sort().join(''));
  });

  it('applies prefix and suffix within the total length', () => {
    const key = generateLicenseKey({ prefix: 'ACME-', suffix: '-PRO', length: 30 });
    expect(key).toHaveLength(30);
    expect(key).toMatch(/^ACME-[A-Z0-9]{21}-PRO$/);
  });

  it('accepts lengths 16 to 128 and rejects 15 and 129', () => {
    expect(generateLicenseKey({ length: 16 })).toMatch(/^[A-Z0-9]{16}$/);
    expect(generateLicenseKey({ length: 128 })).toMatch(/^[A-Z0-9]{128}$/);
    expect(() => generateLicenseKey({ length: 15 })).toThrow(RangeError);
    expect(() => generateLicenseKey({ length: 129 })).toThrow(RangeError);
  });

  it('rejects a prefix and suffix that leave fewer than 8 random characters', () => {
    expect(generateLicenseKey({ prefix: 'ABCDEFGH', length: 16 })).toMatch(/^ABCDEFGH[A-Z0-9]{8}$/);
    expect(() => generateLicenseKey({ prefix: 'ABCDEFGH', suffix: 'X', length: 16 })).toThrow(RangeError);
  });

  it('is unique over many keys', () => {
    const keys = many(20_000, () => generateLicenseKey());
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('generateUserApiKey', () => {
  it('is 6 characters of the unambiguous alphabet (no 0, O, 1, I)', () => {
    expect(USER_API_KEY_ALPHABET).toHaveLength(32);
    expect(USER_API_KEY_ALPHABET).not.toMatch(/[01OI]/);
    for (const key of many(500, generateUserApiKey)) {
      expect(key).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/);
      expect(USER_API_KEY_PATTERN.test(key)).toBe(true);
    }
  });

  it('uses the whole alphabet and almost never repeats (32^6 values)', () => {
    const keys = many(5000, generateUserApiKey);
    expect(new Set(keys.join('')).size).toBe(32);
    // expected collisions among 5000 draws from 2^30 values: ~0.01
    expect(new Set(keys).size).toBeGreaterThanOrEqual(4995);
  });
});

describe('generateSecretKey', () => {
  it('is 43 base62 characters (32 random bytes) and passes the secret format check', () => {
    for (const key of many(500, generateSecretKey)) {
      expect(key).toMatch(/^[A-Za-z0-9]{43}$/);
      expect(SECRET_KEY_PATTERN.test(key)).toBe(true);
    }
  });

  it('is unique over many keys', () => {
    const keys = many(20_000, generateSecretKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('SECRET_KEY_PATTERN', () => {
  it('accepts 10-100 chars of [A-Za-z0-9_-] only', () => {
    expect(SECRET_KEY_PATTERN.test('a'.repeat(10))).toBe(true);
    expect(SECRET_KEY_PATTERN.test('A_b-9'.repeat(20))).toBe(true);
    expect(SECRET_KEY_PATTERN.test('a'.repeat(9))).toBe(false);
    expect(SECRET_KEY_PATTERN.test('a'.repeat(101))).toBe(false);
    expect(SECRET_KEY_PATTERN.test('abcdefghij!')).toBe(false);
    expect(SECRET_KEY_PATTERN.test('abcdefghij ')).toBe(false);
  });
});

describe('generateToken', () => {
  it('is base64url of the requested bytes and unique', () => {
    const tokens = many(1000, () => generateToken());
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(1000);
    expect(generateToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
