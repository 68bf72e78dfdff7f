import {
  buildFluentUrl,
  FLUENT_ERROR_MESSAGES,
  fluentErrorMessage,
  fluentErrorType,
  isSuccess,
  isUsableApiUrl,
  lenientDate,
  lenientInt,
  licenseFacts,
  parseFluentBody,
  protocolFields,
} from './fluent-protocol';

describe('FluentCart protocol helpers', () => {
  describe('buildFluentUrl', () => {
    it('adds ?fluent-cart=action and the parameters to a store URL with or without a trailing slash', () => {
      expect(buildFluentUrl('https://store.test', 'check_license', { item_id: 7 }).toString()).toBe('https://store.test/?fluent-cart=check_license&item_id=7');
      expect(buildFluentUrl('https://store.test/', 'check_license', { item_id: 7 }).toString()).toBe('https://store.test/?fluent-cart=check_license&item_id=7');
    });

    it('keeps a path (with a trailing slash) and an existing query, and drops empty parameters', () => {
      const url = buildFluentUrl('https://store.test/shop?lang=en#x', 'activate_license', { license_key: 'K Y', site_url: 'https://a.test', empty: '', none: undefined });
      expect(url.pathname).toBe('/shop/');
      expect(url.hash).toBe('');
      expect([...url.searchParams]).toEqual([
        ['lang', 'en'],
        ['fluent-cart', 'activate_license'],
        ['license_key', 'K Y'],
        ['site_url', 'https://a.test'],
      ]);
    });
  });

  it('accepts only http(s) URLs with a host as api_url', () => {
    expect(isUsableApiUrl('https://store.test/')).toBe(true);
    expect(isUsableApiUrl('http://127.0.0.1:8080')).toBe(true);
    expect(isUsableApiUrl('ftp://store.test')).toBe(false);
    expect(isUsableApiUrl('store.test')).toBe(false);
    expect(isUsableApiUrl(null)).toBe(false);
  });

  describe('messages', () => {
    it('maps every documented error type to its message', () => {
      expect(Object.keys(FLUENT_ERROR_MESSAGES).sort()).toEqual(
        [
          'activation_error',
          'activation_limit_exceeded',
          'deactivation_error',
          'key_mismatch',
          'license_error',
          'license_expired',
          'license_not_enabled',
          'license_not_found',
          'license_settings_not_found',
          'product_not_found',
          'site_not_found',
          'validation_error',
        ].sort(),
      );
      expect(fluentErrorMessage({ error_type: 'key_mismatch', message: 'x' }, 'd')).toBe("This license key doesn't match the product. Please check your key.");
    });

    it('passes the upstream message through for other types, else the fallback', () => {
      expect(fluentErrorMessage({ error_type: 'license_not_active', message: 'License is not active' }, 'd')).toBe('License is not active');
      expect(fluentErrorMessage({ error_type: 'weird' }, 'Fallback.')).toBe('Fallback.');
      expect(fluentErrorMessage({ error_type: 'toString' }, 'Fallback.')).toBe('Fallback.');
      expect(fluentErrorMessage(null, 'Fallback.')).toBe('Fallback.');
    });

    it('reads the error type from error_type, or error', () => {
      expect(fluentErrorType({ error_type: 'a', error: 'b' })).toBe('a');
      expect(fluentErrorType({ error: 'b' })).toBe('b');
      expect(fluentErrorType({ error_type: 3 })).toBeNull();
    });
  });

  describe('lenient parsing', () => {
    it('parses a JSON object, also after a BOM or a PHP notice', () => {
      expect(parseFluentBody('{"success":true}')).toEqual({ success: true });
      expect(parseFluentBody('\uFEFF {"success":true}')).toEqual({ success: true });
      expect(parseFluentBody('<b>Notice</b>: x on line 3<br />\n{"success":true}')).toEqual({ success: true });
    });

    it('gives null for garbage, arrays, scalars and truncated JSON', () => {
      expect(parseFluentBody('<html>down</html>')).toBeNull();
      expect(parseFluentBody('[1,2]')).toBeNull();
      expect(parseFluentBody('"ok"')).toBeNull();
      expect(parseFluentBody('{"success":tr')).toBeNull();
      expect(parseFluentBody('')).toBeNull();
    });

    it('reads numbers sent as strings', () => {
      expect(lenientInt(10)).toBe(10);
      expect(lenientInt('10')).toBe(10);
      expect(lenientInt(' 7 ')).toBe(7);
      expect(lenientInt('10.0')).toBe(10);
      expect(lenientInt('ten')).toBeNull();
      expect(lenientInt(null)).toBeNull();
      expect(lenientInt('99999999999999999999')).toBeNull();
      expect(lenientInt(2_147_483_647)).toBe(2_147_483_647);
      expect(lenientInt(99_999_999_999)).toBeNull();
      expect(lenientInt('-99999999999')).toBeNull();
      expect(lenientInt(1e20)).toBeNull();
    });

    it('reads GMT date strings, ISO dates and PHP DateTime objects as UTC; lifetime is no date', () => {
      expect(lenientDate('2026-01-15 00:00:00')?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
      expect(lenientDate('2026-01-15T10:20:30+02:00')?.toISOString()).toBe('2026-01-15T08:20:30.000Z');
      expect(lenientDate({ date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC' })?.toISOString()).toBe('2026-03-01T08:29:18.000Z');
      expect(lenientDate({ date: '2026-03-01 08:29:18.000000', timezone_type: 1, timezone: '+01:00' })?.toISOString()).toBe('2026-03-01T07:29:18.000Z');
      expect(lenientDate('lifetime')).toBeNull();
      expect(lenientDate('2026-13-45 99:00:00')).toBeNull();
      expect(lenientDate(12)).toBeNull();
    });

    it('accepts success as true, 1 or "true"', () => {
      expect(isSuccess({ success: true })).toBe(true);
      expect(isSuccess({ success: '1' })).toBe(true);
      expect(isSuccess({ success: 'true' })).toBe(true);
      expect(isSuccess({ success: false })).toBe(false);
      expect(isSuccess({})).toBe(false);
    });

    it('extracts the license facts of an answer with wobbly types', () => {
      const facts = licenseFacts({
        status: 'valid',
        activation_limit: '10',
        activation_hash: '6f4409896201278f7c305584d06edc1d',
        activations_count: '0',
        expiration_date: 'lifetime',
        product_id: '1771',
        variation_id: 15,
        variation_title: 'Pro',
        product_title: 'Appza',
        created_at: { date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC' },
      });
      expect(facts).toEqual({
        activationHash: '6f4409896201278f7c305584d06edc1d',
        upstreamProductId: 1771,
        variationId: 15,
        productTitle: 'Appza',
        variationTitle: 'Pro',
        activationLimit: 10,
        activationsCount: 0,
        expiresAt: null,
        isLifetime: true,
        licenseStatus: 'valid',
      });
    });
  });
});

describe('protocolFields', () => {
  it('keeps only the fields of the action, scalars as sent, known objects with known keys', () => {
    const body = {
      success: true,
      status: 'valid',
      activation_limit: '10',
      activation_hash: 'h',
      license_key: 'K',
      created_at: { date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC', x: 'planted' },
      internal: 'planted',
      product_title: { nested: 'planted' },
    };
    expect(protocolFields('activate_license', body)).toEqual({
      success: true,
      status: 'valid',
      activation_limit: '10',
      activation_hash: 'h',
      license_key: 'K',
      created_at: { date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC' },
    });
  });

  it('gives a deactivation no key and no hash, and a version answer its nested sections only', () => {
    expect(protocolFields('deactivate_license', { success: true, status: 'deactivated', activation_hash: 'h', license_key: 'K' })).toEqual({ success: true, status: 'deactivated' });
    expect(protocolFields('get_license_version', { success: true, new_version: '1.2', sections: { changelog: 'c', evil: 'x' }, icons: ['x'], secret: 1 })).toEqual({
      success: true,
      new_version: '1.2',
      sections: { changelog: 'c' },
    });
  });

  it('ignores inherited keys (a body is plain JSON, never a prototype trick)', () => {
    const body = JSON.parse('{"__proto__":{"status":"valid"},"success":true}') as Record<string, unknown>;
    expect(protocolFields('check_license', body)).toEqual({ success: true });
  });
});
