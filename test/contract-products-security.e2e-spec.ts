/**
 * Black-box contract review of the product information routes (meraf-panel-api.md §6, DECISIONS A4)
 * and of the security layer's wire behaviour ("Rate Limiting", "Security Features", "Error Handling",
 * DECISIONS A2/A5). Written from the specs, the README `products` section and /docs-json only.
 *
 * The app trusts the loopback proxy (TRUST_PROXY=loopback), so every test picks its own client IP
 * with X-Forwarded-For and the rate-limit / block counters of one test never touch another's.
 */
import { createHash } from 'node:crypto';
import { startTestApp, createTenant, request, TEST_ADMIN_TOKEN, TestApp, TestTenant, TestResponse } from './helpers/test-app';

const GENERIC_403 = { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 };
const BLOCKED_403 = {
  result: 'error',
  message: 'Access denied. Your IP has been temporarily blocked due to suspicious activity.',
  error_code: 403,
};
const AUTH_401 = { result: 'error', message: 'Authentication required. Please provide User-API-Key header.', code: 'AUTHENTICATION_REQUIRED' };
const LIMITS = { auth: 8, management: 4, info: 5, routine: 6 };

let ipCounter = 0;
/** A client address no other test uses. */
function freshIp(): string {
  ipCounter++;
  return `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

describe('contract review: product information and security layer', () => {
  let t: TestApp;
  let a: TestTenant; // the vendor with a catalogue
  let b: TestTenant; // another vendor with one product of its own
  let empty: TestTenant; // a vendor with no products
  let s: TestTenant; // a vendor without products, used for licenses in the security tests
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
  const zipSha = createHash('sha256').update(zip).digest('hex');

  /** a request from a fresh client IP (so rate limits of other tests never interfere) */
  const req = (path: string, init: RequestInit & { json?: unknown; ip?: string } = {}): Promise<TestResponse> => {
    const { ip, ...rest } = init;
    const headers = new Headers(rest.headers);
    headers.set('x-forwarded-for', ip ?? freshIp());
    return t.request(path, { ...rest, headers });
  };
  const vendor = (tenant: TestTenant, path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') =>
    req(`/api/user/products${path}`, { method, json, headers: { 'User-API-Key': tenant.apiKey } });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_AUTH: String(LIMITS.auth),
        RATE_LIMIT_MANAGEMENT: String(LIMITS.management),
        RATE_LIMIT_INFO: String(LIMITS.info),
        RATE_LIMIT_ROUTINE: String(LIMITS.routine),
        IP_BLOCK_ENABLED: 'true',
        IP_BLOCK_THRESHOLD: '5', // below the auth tier's limit (8), so that the block, not the 429, is met
      },
    });
    a = await createTenant(t);
    b = await createTenant(t);
    empty = await createTenant(t);
    s = await createTenant(t);

    const ok = (r: TestResponse) => {
      if (r.status >= 300) throw new Error(`setup failed: ${r.status} ${r.text}`);
      return r;
    };
    ok(await vendor(a, '', { name: 'My Plugin' }));
    ok(await vendor(a, '', { name: 'Other Tool' }));
    ok(await vendor(a, '/my-plugin/variations', { name: 'pro' }));
    ok(await vendor(a, '/my-plugin/variations', { name: 'agency' }));
    ok(await vendor(a, '/my-plugin/versions', { version: '1.0.0', changelog: '- First release', release_date: '2025-01-01' }));
    ok(await vendor(a, '/my-plugin/versions', { version: '1.4.0', changelog: '### Added\n- Dark mode', release_date: '2025-01-15' }));
    ok(await vendor(a, '/my-plugin/versions', { version: '1.5.0', variation: 'pro', changelog: '- Pro things', release_date: '2025-02-01' }));
    const form = new FormData();
    form.append('file', new Blob([zip], { type: 'application/zip' }), 'my-plugin-1.4.0.zip');
    ok(await req('/api/user/products/my-plugin/versions/1.4.0/files', { method: 'POST', body: form, headers: { 'User-API-Key': a.apiKey } }));
    ok(await vendor(b, '', { name: 'Secret Thing' }));
    ok(await vendor(b, '/secret-thing/versions', { version: '9.9.9', changelog: 'b only' }));
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('6. Product Information (general secret key)', () => {
    it('lists product names as {"result":"success","products":[names]}', async () => {
      const r = await req(`/api/info/products/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      expect([...r.body.products].sort()).toEqual(['My Plugin', 'Other Tool']);
    });

    it('lists products with their variations', async () => {
      const r = await req(`/api/info/products/variations/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      const mine = r.body.products.find((p: any) => p.name === 'My Plugin');
      expect([...mine.variations].sort()).toEqual(['agency', 'pro']);
      expect(r.body.products.find((p: any) => p.name === 'Other Tool').variations).toEqual([]);
    });

    it('lists the current version of each product and variation', async () => {
      const r = await req(`/api/info/products/versions/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      const mine = r.body.products.find((p: any) => p.name === 'My Plugin');
      expect(mine.version).toBe('1.4.0');
      expect(mine.variations).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'pro', version: '1.5.0' })]));
    });

    it('lists a product\'s files with name, version, size and sha256, by name or slug', async () => {
      for (const name of ['My%20Plugin', 'my-plugin']) {
        const r = await req(`/api/product/files/${name}/${a.secretKeys.general}`);
        expect(r.status).toBe(200);
        expect(r.body.result).toBe('success');
        expect(r.body.files).toHaveLength(1);
        expect(r.body.files[0]).toEqual(
          expect.objectContaining({ name: 'my-plugin-1.4.0.zip', version: '1.4.0', size: zip.length, sha256: zipSha }),
        );
      }
    });

    it('serves the deployed alias /api/product/packages/{product}/{secret} like the files route', async () => {
      const files = await req(`/api/product/files/my-plugin/${a.secretKeys.general}`);
      const packages = await req(`/api/product/packages/my-plugin/${a.secretKeys.general}`);
      expect(packages.status).toBe(200);
      expect(packages.body).toEqual(files.body);
    });

    it('returns a product\'s changelog, newest version first', async () => {
      const r = await req(`/api/product/changelog/My%20Plugin/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      const versions = r.body.versions.map((v: any) => v.version);
      expect(versions).toEqual(expect.arrayContaining(['1.0.0', '1.4.0', '1.5.0']));
      expect(versions.indexOf('1.4.0')).toBeLessThan(versions.indexOf('1.0.0'));
      expect(r.body.versions.find((v: any) => v.version === '1.4.0').changelog).toBe('### Added\n- Dark mode');
    });

    it('returns every product\'s changelog for "all"', async () => {
      const r = await req(`/api/product/changelog/all/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      expect(JSON.stringify(r.body)).toContain('Dark mode');
      expect(JSON.stringify(r.body)).not.toContain('b only');
    });

    it('lists every product\'s files for "all"', async () => {
      const r = await req(`/api/product/files/all/${a.secretKeys.general}`);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('success');
      expect(r.body.files.map((f: any) => f.sha256)).toEqual([zipSha]);
    });

    it('answers an unknown product with the not-found error (HTTP 200)', async () => {
      for (const path of ['files', 'changelog', 'packages']) {
        const r = await req(`/api/product/${path}/No%20Such%20Product/${a.secretKeys.general}`);
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ result: 'error', message: 'Requested product is not existing.', error_code: 500 });
      }
    });

    it('answers "nothing found" with error_code 204 RETURNED_EMPTY and HTTP 200', async () => {
      const paths = [
        `/api/info/products/${empty.secretKeys.general}`,
        `/api/info/products/variations/${empty.secretKeys.general}`,
        `/api/info/products/versions/${empty.secretKeys.general}`,
        `/api/product/changelog/all/${empty.secretKeys.general}`,
        `/api/product/files/other-tool/${a.secretKeys.general}`,
        `/api/product/changelog/other-tool/${a.secretKeys.general}`,
      ];
      for (const path of paths) {
        const r = await req(path);
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
        expect(r.body).toEqual({ result: 'error', message: expect.any(String), error_code: 204 });
      }
      const alias = await req('/api/product/all', { headers: { 'User-API-Key': empty.apiKey } });
      expect(alias.status).toBe(200);
      expect(alias.body).toEqual({ result: 'error', message: expect.any(String), error_code: 204 });
    });

    it('refuses every other secret-key scope and wrong keys with the generic 403 body', async () => {
      const wrong = [a.secretKeys.creation, a.secretKeys.validation, a.secretKeys.activation, a.secretKeys.management, 'not-a-real-secret-key-000'];
      for (const key of wrong) {
        for (const path of [
          `/api/info/products/${key}`,
          `/api/info/products/variations/${key}`,
          `/api/info/products/versions/${key}`,
          `/api/product/files/my-plugin/${key}`,
          `/api/product/changelog/my-plugin/${key}`,
          `/api/product/packages/my-plugin/${key}`,
        ]) {
          const r = await req(path);
          expect({ path, status: r.status, body: r.body }).toEqual({ path, status: 403, body: GENERIC_403 });
        }
      }
    });

    it('accepts a matching User-API-Key header next to the general key and refuses another tenant\'s', async () => {
      const same = await req(`/api/info/products/${a.secretKeys.general}`, { headers: { 'User-API-Key': a.apiKey } });
      expect(same.status).toBe(200);
      expect(same.body.result).toBe('success');
      const other = await req(`/api/info/products/${a.secretKeys.general}`, { headers: { 'User-API-Key': b.apiKey } });
      expect(other.status).toBe(403);
      expect(other.body).toEqual(GENERIC_403);
    });

    it('serves the deployed header-auth aliases with the same answers as the documented routes', async () => {
      const h = { headers: { 'User-API-Key': a.apiKey } };
      const pairs: Array<[string, string]> = [
        ['/api/product/all', `/api/info/products/${a.secretKeys.general}`],
        ['/api/product/with-variations', `/api/info/products/variations/${a.secretKeys.general}`],
        ['/api/product/current-versions', `/api/info/products/versions/${a.secretKeys.general}`],
      ];
      for (const [alias, documented] of pairs) {
        const x = await req(alias, h);
        const y = await req(documented);
        expect({ alias, status: x.status }).toEqual({ alias, status: 200 });
        expect(x.body).toEqual(y.body);
      }
      const v = await req('/api/variation/all', h);
      expect(v.status).toBe(200);
      expect(v.body.result).toBe('success');
      expect(v.body.variations).toEqual(
        expect.arrayContaining([{ name: 'pro', products: ['My Plugin'] }, { name: 'agency', products: ['My Plugin'] }]),
      );
    });

    it('refuses the header-auth aliases without a valid User-API-Key (401, as the User-API-Key endpoints)', async () => {
      for (const alias of ['/api/product/all', '/api/product/with-variations', '/api/product/current-versions', '/api/variation/all']) {
        const none = await req(alias);
        expect({ alias, status: none.status, body: none.body }).toEqual({ alias, status: 401, body: AUTH_401 });
        const wrong = await req(alias, { headers: { 'User-API-Key': 'ZZZZZZ' } });
        expect({ alias, status: wrong.status }).toEqual({ alias, status: 401 });
      }
    });

    it('keeps each tenant\'s products, files and changelogs invisible to other tenants', async () => {
      const names = await req(`/api/info/products/${b.secretKeys.general}`);
      expect(names.body.products).toEqual(['Secret Thing']);
      for (const path of ['files', 'changelog', 'packages']) {
        const r = await req(`/api/product/${path}/my-plugin/${b.secretKeys.general}`);
        expect(r.body.result).toBe('error');
        expect(r.text).not.toContain(zipSha);
        expect(r.text).not.toContain('Dark mode');
      }
      const aAll = await req(`/api/product/changelog/all/${a.secretKeys.general}`);
      expect(aAll.text).not.toContain('Secret Thing');
      const bAlias = await req('/api/product/all', { headers: { 'User-API-Key': b.apiKey } });
      expect(bAlias.body.products).toEqual(['Secret Thing']);
      const bVar = await req('/api/variation/all', { headers: { 'User-API-Key': b.apiKey } });
      expect(JSON.stringify(bVar.body)).not.toContain('My Plugin');
    });
  });

  describe('Rate limiting (DECISIONS A5)', () => {
    let key: string; // an active license of tenant s
    let routineKey: string; // an active license of tenant s with routine.example registered

    beforeAll(async () => {
      const q = new URLSearchParams({
        license_type: 'lifetime', license_status: 'active', first_name: 'Jo', last_name: 'Doe', email: 'jo@example.com',
        max_allowed_domains: '5', max_allowed_devices: '5', product_ref: 'tool', txn_id: 'txn-1', purchase_id_: 'p-1',
      });
      const r = await req(`/api/license/create/${s.secretKeys.creation}/data?${q}`);
      expect(r.body.result).toBe('success');
      key = r.body.key;
      q.set('txn_id', 'txn-2');
      q.set('purchase_id_', 'p-2');
      const r2 = await req(`/api/license/create/${s.secretKeys.creation}/data?${q}`);
      routineKey = r2.body.key;
      const reg = await req(`/api/license/register/domain/routine.example/${s.secretKeys.activation}/${routineKey}`);
      expect(reg.body.error_code).toBe(300);
      expect((await req(`/validate?t=tool&s=${routineKey}&d=routine.example`)).body).toBe('1');
    });

    /** every endpoint of a tier, in the rotation a client might call them */
    const tierCalls = (tier: keyof typeof LIMITS): Array<(ip: string) => Promise<TestResponse>> => {
      const m = s.secretKeys.management;
      switch (tier) {
        case 'auth':
          return [
            (ip) => req(`/api/license/validate/${s.secretKeys.validation}/${key}`, { method: 'POST', ip }),
            (ip) => req(`/api/license/register/domain/example.com/${s.secretKeys.activation}/${key}`, { ip }),
            (ip) => req(`/api/license/unregister/domain/example.com/${s.secretKeys.activation}/${key}`, { ip }),
            (ip) => req(`/api/license/create/${s.secretKeys.creation}/data?license_type=lifetime`, { ip }),
          ];
        case 'management':
          return [
            (ip) => req(`/api/license/edit/${m}`, { method: 'POST', json: { license_key: key, first_name: 'Jo' }, ip }),
            (ip) => req(`/api/license/export/${m}`, { ip }),
            (ip) => req('/api/user/settings', { headers: { 'User-API-Key': s.apiKey }, ip }),
            (ip) => req(`/api/license/delete/all/${m}/${'X'.repeat(40)}`, { ip }),
          ];
        case 'info':
          return [
            (ip) => req(`/api/license/all/${m}`, { ip }),
            (ip) => req(`/api/license/logs/all/${m}`, { ip }),
            (ip) => req(`/api/license/subscribers/${m}`, { ip }),
            (ip) => req(`/api/license/data/${m}/p-1/tool`, { ip }),
            (ip) => req(`/api/info/products/${a.secretKeys.general}`, { ip }),
          ];
        case 'routine':
          return [(ip) => req(`/validate?t=tool&s=${routineKey}&d=routine.example`, { ip })];
      }
    };

    for (const tier of ['auth', 'management', 'info', 'routine'] as const) {
      it(`allows ${tier} endpoints ${LIMITS[tier]} requests per minute per IP, then answers 429 with the A5 body and headers`, async () => {
        const ip = freshIp();
        const calls = tierCalls(tier);
        for (let i = 0; i < LIMITS[tier]; i++) {
          const r = await calls[i % calls.length](ip);
          expect({ i, status: r.status }).not.toEqual({ i, status: 429 });
        }
        for (const call of calls) {
          const r = await call(ip);
          expect(r.status).toBe(429);
          expect(r.body).toEqual({
            result: 'error',
            message: 'Rate limit exceeded. Please try again later.',
            code: 'RATE_LIMIT_EXCEEDED',
            retry_after: expect.any(Number),
          });
          expect(r.body.retry_after).toBeGreaterThanOrEqual(1);
          expect(r.body.retry_after).toBeLessThanOrEqual(60);
          expect(r.headers.get('retry-after')).toBe(String(r.body.retry_after));
          expect(r.headers.get('x-ratelimit-limit')).toBe(String(LIMITS[tier]));
          expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
          expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
          expect(r.headers.get('cache-control')).toContain('no-store');
        }
      });
    }

    it('keeps a separate bucket per tier and per client IP', async () => {
      const ip = freshIp();
      const auth = tierCalls('auth');
      for (let i = 0; i <= LIMITS.auth; i++) await auth[0](ip);
      expect((await auth[0](ip)).status).toBe(429);
      // the other tiers of the same IP are untouched
      for (const tier of ['management', 'info', 'routine'] as const) {
        const r = await tierCalls(tier)[0](ip);
        expect({ tier, status: r.status }).toEqual({ tier, status: 200 });
      }
      // another IP is untouched in the exhausted tier
      const other = await auth[0](freshIp());
      expect(other.status).toBe(200);
      expect(other.body.error_code).toBe(100);
    });

    it('counts requests with a wrong secret too (rate limiting comes before authentication)', async () => {
      const ip = freshIp();
      // one fewer than the tier's limit (5, which is also IP_BLOCK_THRESHOLD here: a wrong secret is a sign of guessing)
      for (let i = 0; i < LIMITS.info - 1; i++) {
        const r = await req('/api/info/products/wrong-secret-key-0000', { ip });
        expect(r.status).toBe(403);
      }
      expect((await req(`/api/info/products/${a.secretKeys.general}`, { ip })).status).toBe(200);
      expect((await req(`/api/info/products/${a.secretKeys.general}`, { ip })).status).toBe(429);
    });

    it('never limits generate', async () => {
      const ip = freshIp();
      for (let i = 0; i < Math.max(...Object.values(LIMITS)) + 3; i++) {
        const r = await req('/api/license/generate', { ip });
        expect({ i, status: r.status }).toEqual({ i, status: 200 });
      }
    });

    it('sends X-RateLimit-* headers on limited endpoints before the limit is reached', async () => {
      const ip = freshIp();
      const first = await req(`/api/info/products/${a.secretKeys.general}`, { ip });
      const second = await req(`/api/info/products/${a.secretKeys.general}`, { ip });
      expect(first.headers.get('x-ratelimit-limit')).toBe(String(LIMITS.info));
      expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(LIMITS.info - 1);
      expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(LIMITS.info - 2);
    });
  });

  describe('IP blocking (DECISIONS A5: signs of guessing per client, across keys)', () => {
    const unknownKey = (c: string, n = 0) => `${c.repeat(38)}${String(n).padStart(2, '0')}`;
    const failValidation = (ip: string, k: string) => req(`/api/license/validate/${s.secretKeys.validation}/${k}`, { method: 'POST', ip });
    const everyEndpoint = (ip: string) => [
      req(`/api/license/validate/${s.secretKeys.validation}/${unknownKey('Q')}`, { method: 'POST', ip }),
      req('/api/license/generate', { ip }),
      req('/validate?t=a&s=b&d=c', { ip }),
      req(`/api/info/products/${a.secretKeys.general}`, { ip }),
      req('/api/product/all', { ip, headers: { 'User-API-Key': a.apiKey } }),
      req('/api/user/settings', { ip, headers: { 'User-API-Key': s.apiKey } }),
      req('/api/no/such/route', { ip }),
    ];

    it('blocks an IP after 5 unknown keys (a new one each time) within the window, with the A5 body on every endpoint', async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const r = await failValidation(ip, unknownKey('K', i));
        if (i < 4) expect(r.body.error_code).toBe(101);
      }
      for (const r of await Promise.all(everyEndpoint(ip))) {
        expect(r.status).toBe(403);
        expect(r.body).toEqual(BLOCKED_403);
      }
      // another client is not affected
      const other = await req(`/api/info/products/${a.secretKeys.general}`);
      expect(other.status).toBe(200);
    });

    it('blocks an IP after 5 registrations of unknown keys as well', async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) {
        const r = await req(`/api/license/register/domain/example.com/${s.secretKeys.activation}/${unknownKey('R', i)}`, { ip });
        expect(r.body.error_code).toBe(101);
      }
      const next = await req('/api/license/generate', { ip });
      expect(next.status).toBe(403);
      expect(next.body).toEqual(BLOCKED_403);
    });

    it('does not block after 4 signs of guessing, whatever keys they used', async () => {
      const ip = freshIp();
      for (let i = 0; i < 2; i++) await failValidation(ip, unknownKey('M'));
      for (let i = 0; i < 2; i++) await failValidation(ip, unknownKey('N', i));
      const r = await req('/api/license/generate', { ip });
      expect(r.status).toBe(200);
    });

    it('lifts a block at once when the operator unblocks the address', async () => {
      const ip = freshIp();
      for (let i = 0; i < 5; i++) await failValidation(ip, unknownKey('U', i));
      expect((await req('/api/license/generate', { ip })).body).toEqual(BLOCKED_403);
      const un = await request(t.baseUrl, '/api/admin/ip-rules/unblock', {
        method: 'POST', json: { ip }, headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect(un.status).toBe(200);
      expect((await req('/api/license/generate', { ip })).status).toBe(200);
    });

    it('never blocks or throttles an address with an operator allow rule', async () => {
      const ip = freshIp();
      const rule = await request(t.baseUrl, '/api/admin/ip-rules', {
        method: 'POST', json: { type: 'allow', ip, note: 'office' }, headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect(rule.status).toBe(201);
      for (let i = 0; i < LIMITS.auth + 4; i++) {
        const r = await failValidation(ip, unknownKey('A'));
        expect({ i, status: r.status, code: r.body.error_code }).toEqual({ i, status: 200, code: 101 });
      }
      expect((await req('/api/license/generate', { ip })).status).toBe(200);
    });

    it('refuses an address with an operator deny rule with 403 on every endpoint', async () => {
      const ip = freshIp();
      const rule = await request(t.baseUrl, '/api/admin/ip-rules', {
        method: 'POST', json: { type: 'deny', ip }, headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      expect(rule.status).toBe(201);
      for (const r of await Promise.all(everyEndpoint(ip))) {
        expect(r.status).toBe(403);
        expect(r.body.result).toBe('error');
        expect(r.body.error_code).toBe(403);
      }
    });
  });

  describe('Security headers and errors', () => {
    const expectSecurityHeaders = (r: TestResponse, where: string) => {
      const h = (n: string) => r.headers.get(n);
      expect({ where, v: h('x-content-type-options') }).toEqual({ where, v: 'nosniff' });
      expect({ where, v: h('x-frame-options') }).toEqual({ where, v: 'DENY' });
      expect({ where, v: h('x-xss-protection') }).toEqual({ where, v: '1; mode=block' });
      expect({ where, v: h('referrer-policy') }).toEqual({ where, v: 'strict-origin-when-cross-origin' });
      expect({ where, v: h('x-dns-prefetch-control') }).toEqual({ where, v: 'off' });
      expect({ where, v: h('permissions-policy') }).toEqual({ where, v: 'interest-cohort=()' });
      expect({ where, v: !!h('content-security-policy') }).toEqual({ where, v: true });
      expect({ where, v: h('server') }).toEqual({ where, v: null });
      expect({ where, v: h('x-powered-by') }).toEqual({ where, v: null });
    };

    it('sends the spec\'s security headers on success, error, 404 and 429 answers', async () => {
      const ip = freshIp();
      const answers: Array<[string, TestResponse]> = [
        ['success', await req(`/api/info/products/${a.secretKeys.general}`, { ip })],
        ['403', await req('/api/info/products/wrong-secret-key-0000', { ip })],
        ['404', await req('/api/nothing/here', { ip })],
        ['root 404', await req('/nothing-here', { ip })],
        ['generate', await req('/api/license/generate', { ip })],
        ['validate', await req('/validate?t=x&s=y&d=z', { ip })],
        ['health', await req('/health', { ip })],
      ];
      for (let i = 0; i < LIMITS.info; i++) await req(`/api/info/products/${a.secretKeys.general}`, { ip });
      answers.push(['429', await req(`/api/info/products/${a.secretKeys.general}`, { ip })]);
      expect(answers[answers.length - 1][1].status).toBe(429);
      for (const [where, r] of answers) expectSecurityHeaders(r, where);
    });

    it('sends Cache-Control: no-store on /api answers', async () => {
      for (const path of [`/api/info/products/${a.secretKeys.general}`, '/api/info/products/wrong-secret-key-0000', '/api/license/generate', '/api/nope']) {
        const r = await req(path);
        expect({ path, cc: r.headers.get('cache-control') }).toEqual({ path, cc: expect.stringContaining('no-store') });
      }
    });

    it('sends no HSTS over plain HTTP, and HSTS when a trusted proxy says the request came over HTTPS', async () => {
      const plain = await req('/api/license/generate');
      expect(plain.headers.get('strict-transport-security')).toBeNull();
      const https = await req('/api/license/generate', { headers: { 'X-Forwarded-Proto': 'https' } });
      expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains; preload');
    });

    it('ignores X-Forwarded-Proto and X-Forwarded-For when no proxy is trusted', async () => {
      const plain = await startTestApp({ env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_INFO: '2' } });
      try {
        const r = await plain.request('/api/license/generate', { headers: { 'X-Forwarded-Proto': 'https' } });
        expect(r.status).toBe(200);
        expect(r.headers.get('strict-transport-security')).toBeNull();
        expectSecurityHeaders(r, 'untrusted');
        // the client is the socket address: a new X-Forwarded-For per request does not escape the limit
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          statuses.push((await plain.request('/api/info/products/wrong-secret-key-0000', { headers: { 'X-Forwarded-For': freshIp() } })).status);
        }
        expect(statuses).toEqual([403, 403, 429]);
      } finally {
        await plain.close();
      }
    });

    it('never puts a stack trace, SQL, file path or library name in an error answer', async () => {
      const m = s.secretKeys.management;
      const hostile: Array<[string, RequestInit & { json?: unknown }]> = [
        [`/api/license/edit/${m}`, { method: 'POST', body: '{"license_key": ', headers: { 'content-type': 'application/json' } }],
        [`/api/license/edit/${m}`, { method: 'POST', body: '<xml/>', headers: { 'content-type': 'application/xml' } }],
        [`/api/license/edit/${m}`, { method: 'POST', json: { license_key: { $gt: '' }, max_allowed_domains: 'NaN' } }],
        [`/api/license/validate/${s.secretKeys.validation}/${encodeURIComponent("' OR 1=1 --")}`, { method: 'POST' }],
        [`/api/product/files/${encodeURIComponent('../../etc/passwd')}/${a.secretKeys.general}`, {}],
        [`/api/product/changelog/${'%00%ff'}/${a.secretKeys.general}`, {}],
        [`/api/info/products/${'x'.repeat(5000)}`, {}],
        ['/api/user/products', { method: 'POST', json: { name: 'x'.repeat(10_000) }, headers: { 'User-API-Key': a.apiKey } }],
        ['/api/user/products/my-plugin/versions', { method: 'POST', json: { version: 'not.semver' }, headers: { 'User-API-Key': a.apiKey } }],
        ['/api/user/products/my-plugin/versions/1.4.0/files', { method: 'POST', body: 'garbage', headers: { 'User-API-Key': a.apiKey, 'content-type': 'multipart/form-data; boundary=zzz' } }],
        ['/%E0%A4%A', {}],
      ];
      for (const [path, init] of hostile) {
        const r = await req(path, init);
        expect({ path, status: r.status < 500 }).toEqual({ path, status: true });
        expect(r.body).toEqual(expect.objectContaining({ result: 'error' }));
        expect({ path, text: r.text }).not.toEqual({
          path,
          text: expect.stringMatching(/\bat [\w.<>]+ \(|\.(ts|js):\d+|node_modules|\/work\/|SQLITE|ER_[A-Z_]+|QueryFailedError|SELECT |TypeORM|fastify|nestjs|stack/i),
        });
      }
    });
  });
});
