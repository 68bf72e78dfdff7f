import { AUTH_FAILED_BODY } from '../src/common/presenters/meraf.presenter';
import { CryptoService } from '../src/crypto/crypto.service';
import { LogsService } from '../src/logs/logs.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';

/**
 * The MERAF logs endpoint and the tenant's log endpoints. The flush timer is set to an hour, so
 * every read here also proves that reads write what is pending first.
 */
describe('logs endpoints', () => {
  let t: TestApp;
  let logs: LogsService;
  let a: TestTenant;
  let b: TestTenant;
  const KEY_A1 = 'LOGSA1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const KEY_A2 = 'LOGSA2AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const KEY_B1 = 'LOGSB1BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
  const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
  const INFO_LIMIT = 9871;

  const logsPath = (key: string, secret: string, query = '') => `/api/license/logs/${encodeURIComponent(key)}/${secret}${query}`;
  const userGet = (tenant: TestTenant, path: string) => t.request(path, { headers: { 'User-API-Key': tenant.apiKey } });

  function activity(tenant: TestTenant, licenseKey: string, details: string, isValid = true) {
    logs.activity({ tenantId: tenant.id, licenseKey, actionType: 'validation_attempt', details, ip: '203.0.113.7', userAgent: 'TestAgent/1.0', isValid });
  }

  function validation(tenant: TestTenant | null, licenseKey: string, outcome: 'success' | 'error', details: string) {
    logs.validation({
      tenantId: tenant ? tenant.id : null,
      licenseKey,
      outcome,
      source: outcome === 'success' ? 'validate' : 'routine',
      productRef: 'my-product',
      target: 'example.com',
      details,
      ip: '198.51.100.9',
      userAgent: 'WordPress/6.5',
    });
  }

  beforeAll(async () => {
    // rate limits on, with an `info` tier large enough for this file and recognisable in X-RateLimit-Limit
    t = await startTestApp({ env: { LOG_FLUSH_INTERVAL_MS: '3600000', RATE_LIMIT_INFO: String(INFO_LIMIT), IP_BLOCK_ENABLED: 'false' } });
    logs = t.app.get(LogsService);
    a = await createTenant(t);
    b = await createTenant(t);
    activity(a, KEY_A1, 'first', true);
    activity(a, KEY_A1, 'second', false);
    activity(a, KEY_A1, 'third', true);
    activity(a, KEY_A2, 'other license', true);
    activity(b, KEY_B1, 'tenant b', true);
  });
  afterAll(async () => t.close());

  describe('GET /api/license/logs/{license_key}/{secret}', () => {
    it("returns a license's entries newest first in the documented shape, field by field", async () => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys.management));
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['result', 'data']);
      expect(res.body.result).toBe('success');
      expect(res.body.data.map((e: { details: string }) => e.details)).toEqual(['third', 'second', 'first']);
      for (const entry of res.body.data) {
        expect(Object.keys(entry)).toEqual(['id', 'license_key', 'action_type', 'details', 'ip_address', 'user_agent', 'time', 'is_valid']);
        expect(typeof entry.id).toBe('number');
        expect(entry.license_key).toBe(KEY_A1);
        expect(entry.action_type).toBe('validation_attempt');
        expect(entry.user_agent).toBe('TestAgent/1.0');
        expect(entry.time).toMatch(TIME);
        const day = new Date(entry.time.replace(' ', 'T') + 'Z');
        expect(entry.ip_address).toBe(t.app.get(CryptoService).hashIp('203.0.113.7', day));
      }
      expect(res.body.data.map((e: { is_valid: string }) => e.is_valid)).toEqual(['yes', 'no', 'yes']);
    });

    it('gives the time in UTC', async () => {
      const before = Date.now();
      activity(a, 'LOGSTIMEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'now');
      const res = await t.request(logsPath('LOGSTIMEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', a.secretKeys.management));
      const written = Date.parse(res.body.data[0].time.replace(' ', 'T') + 'Z');
      // second precision: the entry's time is the second it was recorded in, read as UTC
      expect(written).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(written).toBeLessThanOrEqual(Date.now());
    });

    it('`all` returns every license of the tenant and nothing of another tenant', async () => {
      const res = await t.request(logsPath('all', a.secretKeys.management));
      expect(res.status).toBe(200);
      const keys = new Set(res.body.data.map((e: { license_key: string }) => e.license_key));
      expect(keys.has(KEY_A1)).toBe(true);
      expect(keys.has(KEY_A2)).toBe(true);
      expect(keys.has(KEY_B1)).toBe(false);
      const ids = res.body.data.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
    });

    it('answers error_code 204 RETURNED_EMPTY with HTTP 200 when nothing is found', async () => {
      const res = await t.request(logsPath('NOSUCHKEY0000000000000000000000000000000', a.secretKeys.management));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'error', message: 'No logs found.', error_code: 204 });
    });

    it('accepts the general secret key as well as the management key', async () => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys.general));
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(3);
    });

    it.each(['creation', 'validation', 'activation'] as const)('refuses the %s secret key with 403', async (scope) => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys[scope]));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(AUTH_FAILED_BODY);
    });

    it('refuses a wrong secret with 403', async () => {
      const res = await t.request(logsPath(KEY_A1, 'not-a-real-secret-key-at-all'));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(AUTH_FAILED_BODY);
    });

    it("never shows another tenant's logs: B's keys read A's license as empty and `all` as B's own", async () => {
      const one = await t.request(logsPath(KEY_A1, b.secretKeys.management));
      expect(one.body).toEqual({ result: 'error', message: 'No logs found.', error_code: 204 });
      const all = await t.request(logsPath('all', b.secretKeys.general));
      expect(all.body.data.map((e: { license_key: string }) => e.license_key)).toEqual([KEY_B1]);
    });

    it("refuses A's secret with B's User-API-Key header (403)", async () => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys.management), { headers: { 'User-API-Key': b.apiKey } });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(AUTH_FAILED_BODY);
    });

    it("accepts A's secret with A's own User-API-Key header", async () => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys.management), { headers: { 'User-API-Key': a.apiKey } });
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(3);
    });

    describe('bounds', () => {
      const KEY = 'LOGSPAGEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      beforeAll(() => {
        for (let i = 0; i < 105; i++) activity(a, KEY, `entry ${i}`);
      });

      it('returns at most 100 entries by default', async () => {
        const res = await t.request(logsPath(KEY, a.secretKeys.management));
        expect(res.body.data).toHaveLength(100);
        expect(res.body.data[0].details).toBe('entry 104');
      });

      it('honours limit and offset', async () => {
        const first = await t.request(logsPath(KEY, a.secretKeys.management, '?limit=2'));
        expect(first.body.data.map((e: { details: string }) => e.details)).toEqual(['entry 104', 'entry 103']);
        const next = await t.request(logsPath(KEY, a.secretKeys.management, '?limit=2&offset=2'));
        expect(next.body.data.map((e: { details: string }) => e.details)).toEqual(['entry 102', 'entry 101']);
        const max = await t.request(logsPath(KEY, a.secretKeys.management, '?limit=1000'));
        expect(max.body.data).toHaveLength(105);
        const past = await t.request(logsPath(KEY, a.secretKeys.management, '?offset=105'));
        expect(past.body.error_code).toBe(204);
      });

      it.each(['limit=0', 'limit=1001', 'limit=abc', 'limit=-1', 'offset=-1', 'offset=1.5', 'limit=1&limit=2'])(
        'rejects %s with 400 in the MERAF error shape',
        async (query) => {
          const res = await t.request(logsPath(KEY, a.secretKeys.management, `?${query}`));
          expect(res.status).toBe(400);
          expect(res.body.result).toBe('error');
          expect(res.body.error_code).toBe(400);
          expect(Object.keys(res.body.errors).length).toBeGreaterThan(0);
        },
      );
    });

    it('ignores query parameters other than limit and offset (cache busters)', async () => {
      const res = await t.request(logsPath(KEY_A1, a.secretKeys.management, '?_=1700000000&foo=bar'));
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(3);
    });

    it('answers a key with unusual characters with 204, not an error', async () => {
      for (const key of ["' OR 1=1 --", '<script>alert(1)</script>', 'ключ-😀', 'x'.repeat(400)]) {
        const res = await t.request(logsPath(key, a.secretKeys.management));
        expect(res.status).toBe(200);
        expect(res.body.error_code).toBe(204);
      }
    });
  });

  describe('GET /api/user/logs/validations', () => {
    const KEY = 'LOGSVALAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    beforeAll(() => {
      validation(a, KEY, 'success', 's1');
      validation(a, KEY, 'error', 'e1');
      validation(a, KEY, 'success', 's2');
      validation(a, KEY, 'error', 'e2');
      validation(a, KEY, 'success', 's3');
      validation(b, KEY_B1, 'success', 'b-only');
      validation(null, 'UNKNOWNKEY', 'error', 'no tenant');
    });

    it("lists the tenant's entries newest first with page, per_page and total, field by field", async () => {
      const res = await userGet(a, '/api/user/logs/validations');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['result', 'data', 'page', 'per_page', 'total']);
      expect(res.body).toMatchObject({ result: 'success', page: 1, per_page: 50, total: 5 });
      expect(res.body.data.map((e: { details: string }) => e.details)).toEqual(['s3', 'e2', 's2', 'e1', 's1']);
      const entry = res.body.data[0];
      expect(Object.keys(entry)).toEqual(['id', 'license_key', 'outcome', 'source', 'product_ref', 'target', 'details', 'ip_address', 'user_agent', 'time']);
      expect(entry).toMatchObject({ license_key: KEY, outcome: 'success', source: 'validate', product_ref: 'my-product', target: 'example.com', user_agent: 'WordPress/6.5' });
      expect(typeof entry.id).toBe('number');
      expect(entry.time).toMatch(TIME);
      expect(entry.ip_address).toMatch(/^[0-9a-f]{64}$/);
    });

    it('filters by outcome', async () => {
      const ok = await userGet(a, '/api/user/logs/validations?outcome=success');
      expect(ok.body.total).toBe(3);
      expect(ok.body.data.every((e: { outcome: string }) => e.outcome === 'success')).toBe(true);
      const err = await userGet(a, '/api/user/logs/validations?outcome=error');
      expect(err.body.total).toBe(2);
      expect(err.body.data.map((e: { details: string }) => e.details)).toEqual(['e2', 'e1']);
    });

    it('paginates', async () => {
      const p2 = await userGet(a, '/api/user/logs/validations?page=2&per_page=2');
      expect(p2.body).toMatchObject({ page: 2, per_page: 2, total: 5 });
      expect(p2.body.data.map((e: { details: string }) => e.details)).toEqual(['s2', 'e1']);
      const p3 = await userGet(a, '/api/user/logs/validations?page=3&per_page=2');
      expect(p3.body.data.map((e: { details: string }) => e.details)).toEqual(['s1']);
      const beyond = await userGet(a, '/api/user/logs/validations?page=9&per_page=2');
      expect(beyond.body).toMatchObject({ result: 'success', data: [], total: 5 });
    });

    it('filters by license_key', async () => {
      const res = await userGet(a, `/api/user/logs/validations?license_key=${KEY}&outcome=error`);
      expect(res.body.total).toBe(2);
      const none = await userGet(a, `/api/user/logs/validations?license_key=${KEY_B1}`);
      expect(none.body.total).toBe(0);
    });

    it("shows another tenant only its own entries, and no tenant the unmatched ones", async () => {
      const res = await userGet(b, '/api/user/logs/validations');
      expect(res.body.total).toBe(1);
      expect(res.body.data[0].details).toBe('b-only');
    });

    it.each(['outcome=maybe', 'page=0', 'page=x', 'per_page=0', 'per_page=501', 'per_page=1.5', 'colour=blue'])('rejects %s with 400', async (q) => {
      const res = await userGet(a, `/api/user/logs/validations?${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', error_code: 400 });
    });

    it('needs the User-API-Key header (401)', async () => {
      const res = await t.request('/api/user/logs/validations');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTHENTICATION_REQUIRED');
      const wrong = await t.request('/api/user/logs/validations', { headers: { 'User-API-Key': 'ZZZZZZ' } });
      expect(wrong.status).toBe(401);
    });
  });

  describe('GET /api/user/logs/activity', () => {
    it("lists the tenant's activity entries, paginated, in the logs entry shape", async () => {
      const res = await userGet(b, '/api/user/logs/activity');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'success', page: 1, per_page: 50, total: 1 });
      expect(Object.keys(res.body.data[0])).toEqual(['id', 'license_key', 'action_type', 'details', 'ip_address', 'user_agent', 'time', 'is_valid']);
      expect(res.body.data[0]).toMatchObject({ license_key: KEY_B1, details: 'tenant b', is_valid: 'yes' });
    });

    it('paginates and filters by license_key', async () => {
      const res = await userGet(a, `/api/user/logs/activity?license_key=${KEY_A1}&per_page=2&page=2`);
      expect(res.body).toMatchObject({ page: 2, per_page: 2, total: 3 });
      expect(res.body.data.map((e: { details: string }) => e.details)).toEqual(['first']);
    });

    it('rejects a bad page with 400 and a missing key with 401', async () => {
      expect((await userGet(a, '/api/user/logs/activity?page=-2')).status).toBe(400);
      expect((await t.request('/api/user/logs/activity')).status).toBe(401);
    });
  });

  it('puts the three endpoints in the `info` rate-limit tier', async () => {
    for (const res of [
      await t.request(logsPath('all', a.secretKeys.management)),
      await userGet(a, '/api/user/logs/validations'),
      await userGet(a, '/api/user/logs/activity'),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe(String(INFO_LIMIT));
    }
  });

  it('documents the three endpoints in Swagger with their parameters', async () => {
    const doc = (await t.request('/docs-json')).body;
    const merafLogs = doc.paths['/api/license/logs/{license_key}/{secret}']?.get;
    expect(merafLogs).toBeDefined();
    expect(merafLogs.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['license_key', 'secret', 'limit', 'offset']));
    expect(JSON.stringify(merafLogs.responses['200'])).toContain('"error_code":204');
    const validations = doc.paths['/api/user/logs/validations']?.get;
    expect(validations.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['outcome', 'page', 'per_page']));
    expect(doc.paths['/api/user/logs/activity']?.get).toBeDefined();
  });

  describe('service reads', () => {
    it('recentActivities gives license_key, action and timestamp, newest first, bounded', async () => {
      const recent = await logs.recentActivities(b.id, 10);
      expect(recent).toEqual([{ license_key: KEY_B1, action: 'validation_attempt', timestamp: expect.stringMatching(TIME) }]);
      const few = await logs.recentActivities(a.id, 2);
      expect(few).toHaveLength(2);
      expect(await logs.recentActivities(a.id, 0)).toEqual([]);
    });

    it("deleteForLicense removes that license's activity and validation entries of that tenant only", async () => {
      const key = 'LOGSDELAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      activity(a, key, 'to delete');
      validation(a, key, 'error', 'to delete');
      activity(b, key, 'same key string, other tenant');
      activity(a, KEY_A2, 'kept');
      expect(await logs.deleteForLicense(a.id, key)).toBe(2);
      expect((await t.request(logsPath(key, a.secretKeys.management))).body.error_code).toBe(204);
      expect((await userGet(a, `/api/user/logs/validations?license_key=${key}`)).body.total).toBe(0);
      expect((await t.request(logsPath(key, b.secretKeys.management))).body.data).toHaveLength(1);
      expect((await t.request(logsPath(KEY_A2, a.secretKeys.management))).body.data.length).toBeGreaterThan(0);
    });
  });
});
