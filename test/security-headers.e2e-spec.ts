import { connect } from 'node:net';
import { createTenant, startTestApp, TestApp, TestResponse, TestTenant } from './helpers/test-app';

/**
 * Security headers, HSTS behind a trusted proxy, what error responses never contain, body size
 * limits and request timeouts.
 */
const SPEC_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-xss-protection': '1; mode=block',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-dns-prefetch-control': 'off',
  'permissions-policy': 'interest-cohort=()',
};
const HSTS = 'max-age=31536000; includeSubDomains; preload';
/** Stack frames, file paths, SQL, driver error codes and library names (error codes are upper case). */
const LEAKS = new RegExp(
  [/\bat [\w.<>]+ \(/, /node_modules|\/work\/|\/home\/|\.[jt]s:\d+/, /QueryFailedError|SELECT .* FROM|INSERT INTO|typeorm|better-sqlite3|mysql2|fastify|nestjs/,
   /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert/].map((r) => r.source).join('|'),
  'i',
);
const DRIVER_CODES = /\bSQLITE_[A-Z]+|\bER_[A-Z_]{4,}|\bE[A-Z]{4,}: /;

/** Sends raw bytes, optionally more after a pause, and reads until the server closes the connection. */
function rawExchange(port: number, first: string, opts: { thenIdle?: boolean } = {}): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.on('connect', () => {
      socket.write(first);
      if (!opts.thenIdle) socket.end();
    });
  });
}

describe('security: headers, error hygiene, body limits and timeouts', () => {
  let t: TestApp;
  let direct: TestApp;
  let tenant: TestTenant;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', BODY_LIMIT_BYTES: '4096', REQUEST_TIMEOUT_MS: '1000', RATE_LIMIT_ENABLED: 'false' } });
    direct = await startTestApp({ db: t.db, env: { RATE_LIMIT_ENABLED: 'false' } });
    tenant = await createTenant(t);
    port = Number(new URL(t.baseUrl).port);
  });
  afterAll(async () => {
    await direct.close();
    await t.close();
  });

  const expectSpecHeaders = (res: TestResponse) => {
    for (const [name, value] of Object.entries(SPEC_HEADERS)) expect(`${name}: ${res.headers.get(name)}`).toBe(`${name}: ${value}`);
    expect(res.headers.get('server')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  };

  it('sends the headers the spec lists on successes, errors and unknown routes', async () => {
    const responses = [
      await t.request('/api/user/settings', { headers: { 'User-API-Key': tenant.apiKey } }),
      await t.request('/api/user/settings'),
      await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' }, body: '{' }),
      await t.request('/api/no-such-thing'),
      await t.request('/health'),
      await t.request('/docs'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 400, 404, 200, 200]);
    responses.forEach(expectSpecHeaders);
  });

  it('marks API responses Cache-Control: no-store and gives them a CSP that loads nothing', async () => {
    for (const res of [await t.request('/api/user/settings', { headers: { 'User-API-Key': tenant.apiKey } }), await t.request('/api/nope'), await t.request('/validate'), await t.request('/health')]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
  });

  it('gives the Swagger UI page a CSP that allows its own scripts and styles, and the page no inline script', async () => {
    const page = await t.request('/docs');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src=/);
      expect(inline.trim()).toBe('');
    }
  });

  it('sends HSTS only when the request came over HTTPS through a trusted proxy', async () => {
    expect((await t.request('/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await t.request('/health', { headers: { 'X-Forwarded-Proto': 'https' } })).headers.get('strict-transport-security')).toBe(HSTS);
    // not trusted: a client cannot claim HTTPS
    expect((await direct.request('/health', { headers: { 'X-Forwarded-Proto': 'https' } })).headers.get('strict-transport-security')).toBeNull();
  });

  it('never answers with a stack trace, SQL text, file path or library name', async () => {
    const responses = await Promise.all([
      t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' }, body: '{"a":' }),
      t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' }, body: '{"__proto__":{"x":1}}' }),
      t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'text/xml' }, body: '<a/>' }),
      t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { licenseKeyCharsCount: "1' OR '1'='1" } }),
      t.request('/api/license/validate/%E0%A4%A/abc', { method: 'POST' }),
      t.request(`/api/license/validate/${'x'.repeat(600)}/y`, { method: 'POST' }),
      t.request('/api/admin/ip-rules/abc', { method: 'DELETE', headers: { Authorization: 'Bearer test-operator-token-0123456789' } }),
      t.request('/api/license/all/%00%00', { method: 'GET' }),
      t.request('/../../etc/passwd'),
      t.request('/api/user/settings', { method: 'PATCH' }),
    ]);
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(LEAKS);
      expect(res.text).not.toMatch(DRIVER_CODES);
      expect(res.body).toMatchObject({ result: 'error', message: expect.any(String) });
      expect(res.headers.get('server')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses text that is not well-formed Unicode with 400 instead of failing in a validator (found by the fuzz suite)', async () => {
    const loneSurrogate = '{"adminEmail":"\\ud800@example.com"}';
    const body = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' }, body: loneSurrogate });
    expect(body.status).toBe(400);
    expect(body.body).toEqual({ result: 'error', message: 'Invalid request parameters.', error_code: 400, errors: { 'body.adminEmail': ['must be well-formed Unicode text'] } });
    const query = await t.request('/api/admin/ip-rules?ip=%ED%A0%80', { headers: { Authorization: 'Bearer test-operator-token-0123456789' } });
    expect(query.status).toBe(400);
    expect(query.text).not.toMatch(LEAKS);
    const bridge = await t.request('/api/v1/license/free-trial', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"\\udc00"}' });
    expect(bridge.status).toBe(422);
    expect(bridge.body).toMatchObject({ status: 422, errors: { 'body.email': ['must be well-formed Unicode text'] } });
  });

  describe('body size limit (BODY_LIMIT_BYTES=4096)', () => {
    it('accepts a body under the limit', async () => {
      const res = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { adminEmail: `${'a'.repeat(3000)}@x.test` } });
      expect(res.status).not.toBe(413);
    });

    it('cuts off a body over the limit with 413 in the contract shape', async () => {
      const res = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { adminEmail: 'a'.repeat(5000) } });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ result: 'error', message: 'Request body is too large.', error_code: 400 });
      const bridge = await t.request('/api/v1/license/check', { method: 'POST', json: { license_key: 'k'.repeat(5000) } });
      expect(bridge.status).toBe(413);
      expect(bridge.body).toEqual({ status: 413, message: 'Request body is too large.' });
    });

    it('cuts off a chunked body that grows past the limit', async () => {
      const chunk = 'a'.repeat(1000);
      const chunks = Array.from({ length: 6 }, () => `${(chunk.length).toString(16)}\r\n${chunk}\r\n`).join('');
      const res = await rawExchange(
        port,
        `POST /api/user/settings HTTP/1.1\r\nHost: x\r\nUser-API-Key: ${tenant.apiKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`,
      );
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''))).toMatchObject({ result: 'error', message: 'Request body is too large.' });
    });
  });

  describe('request timeout (REQUEST_TIMEOUT_MS=1000)', () => {
    it('cuts off a request whose body arrives too slowly with 408 in the contract shape', async () => {
      const res = await rawExchange(
        port,
        `POST /api/user/settings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"adminEmail":`,
        { thenIdle: true },
      );
      expect(res.status).toBe(408);
      expect(res.headers).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(res.body)).toEqual({ result: 'error', message: 'Request timed out.', error_code: 400 });
    });

    it('cuts off a client that never finishes its headers (neutral shape: no path is known yet, faults-pre-routing-errors)', async () => {
      const res = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ', { thenIdle: true });
      expect(res.status).toBe(408);
      expect(JSON.parse(res.body)).toEqual({ result: 'error', status: 408, message: 'Request timed out.' });
    });

    it('answers a slow request on the License API v1 paths in its envelope', async () => {
      const res = await rawExchange(port, `POST /api/v1/license/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`, { thenIdle: true });
      expect(res.status).toBe(408);
      expect(JSON.parse(res.body)).toEqual({ status: 408, message: 'Request timed out.' });
    });
  });

  it('answers oversized headers with 431 in the contract shape', async () => {
    const res = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({ result: 'error', message: 'Request headers are too large.', error_code: 400 });
  });
});
