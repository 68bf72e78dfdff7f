import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';

/** These suites make many (deliberately failing) requests from one IP: no rate limits, no IP blocking. */
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

/** Booting the app runs every migration on a fresh database (slower on MariaDB). */
const BOOT_TIMEOUT = 60_000;

const FORBIDDEN = { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 };
const UNAUTHORIZED = { result: 'error', message: 'Authentication required. Please provide User-API-Key header.', code: 'AUTHENTICATION_REQUIRED' };
const OPERATOR = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
/** A well-formed license key that no tenant has: the validate route answers 200 + error_code 101 for it. */
const NO_SUCH_LICENSE = 'NOSUCHLICENSE0000000000000000000000000000'.slice(0, 40);

/**
 * Every guard's failure cases over real HTTP. Secret-key routes are exercised on
 * POST /api/license/validate/{secret}/{key} (validation key), User-API-Key routes on
 * /api/user/settings, operator routes on /api/admin/tenants.
 */
describe('foundation: authentication guards', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;

  const validate = (secret: string, headers: Record<string, string> = {}, key = NO_SUCH_LICENSE) =>
    t.request(`/api/license/validate/${encodeURIComponent(secret)}/${key}`, { method: 'POST', headers });
  const settings = (headers: Record<string, string>) => t.request('/api/user/settings', { headers });
  const admin = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    t.request(`/api/admin/tenants${path}`, { ...init, headers: { ...OPERATOR, ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    t = await startTestApp({ env: NO_THROTTLING });
    acme = await createTenant(t);
    other = await createTenant(t);
  }, BOOT_TIMEOUT);
  afterAll(async () => t.close(), BOOT_TIMEOUT);

  describe('secret-key routes answer 403 with the generic body', () => {
    it('accepts the tenant validation key, alone or with the same tenant User-API-Key', async () => {
      const alone = await validate(acme.secretKeys.validation);
      expect(alone.status).toBe(200);
      expect(alone.body.error_code).not.toBe(403);
      expect((await validate(acme.secretKeys.validation, { 'User-API-Key': acme.apiKey })).status).toBe(200);
    });

    it('treats an empty User-API-Key header as absent', async () => {
      expect((await validate(acme.secretKeys.validation, { 'User-API-Key': '' })).status).toBe(200);
    });

    it.each([
      ['wrong (well-formed, unknown)', () => 'A'.repeat(43)],
      ['malformed (too short)', () => 'abc'],
      ['malformed (bad characters)', () => "abc'; DROP TABLE tenants;--"],
      ['malformed (too long)', () => 'a'.repeat(101)],
      ['a near miss of the real key', () => acme.secretKeys.validation.slice(0, -1) + (acme.secretKeys.validation.endsWith('A') ? 'B' : 'A')],
      ['of the wrong scope (creation key)', () => acme.secretKeys.creation],
      ['of the wrong scope (general key)', () => acme.secretKeys.general],
      ['the User-API-Key instead of a secret', () => acme.apiKey],
    ])('rejects a secret that is %s', async (_case, secret) => {
      const res = await validate(secret());
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    });

    it('rejects a missing secret', async () => {
      const res = await t.request(`/api/license/validate//${NO_SUCH_LICENSE}`, { method: 'POST' });
      expect([403, 404]).toContain(res.status);
      if (res.status === 403) expect(res.body).toEqual(FORBIDDEN);
    });

    it("rejects a User-API-Key header of another tenant, or an unknown one", async () => {
      for (const apiKey of [other.apiKey, 'ZZZZZZ', 'lower1', 'TOOLONGKEY']) {
        const res = await validate(acme.secretKeys.validation, { 'User-API-Key': apiKey });
        expect(res.status).toBe(403);
        expect(res.body).toEqual(FORBIDDEN);
      }
    });

    it("keeps tenants apart: each tenant's key works only as itself", async () => {
      expect((await validate(other.secretKeys.validation)).status).toBe(200);
      expect((await validate(other.secretKeys.validation, { 'User-API-Key': acme.apiKey })).status).toBe(403);
    });
  });

  describe('User-API-Key routes answer 401 AUTHENTICATION_REQUIRED', () => {
    it('accepts the tenant key and serves that tenant', async () => {
      const res = await settings({ 'User-API-Key': acme.apiKey });
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('success');
    });

    it.each([
      ['missing', () => ({})],
      ['empty', () => ({ 'User-API-Key': '' })],
      ['wrong (well-formed, unknown)', () => ({ 'User-API-Key': 'ZZZZZZ' })],
      ['malformed (lower case)', () => ({ 'User-API-Key': /[A-Z]/.test(acme.apiKey) ? acme.apiKey.toLowerCase() : 'abcdef' })],
      ['malformed (too long)', () => ({ 'User-API-Key': `${acme.apiKey}A` })],
      ['sent in another header', () => ({ 'X-API-Key': acme.apiKey })],
    ])('rejects a key that is %s', async (_case, headers) => {
      const res = await settings(headers());
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    });

    it('rejects a secret key or the operator token in place of the User-API-Key', async () => {
      for (const value of [acme.secretKeys.general, TEST_ADMIN_TOKEN]) {
        const res = await settings({ 'User-API-Key': value });
        expect(res.status).toBe(401);
        expect(res.body).toEqual(UNAUTHORIZED);
      }
      expect((await settings(OPERATOR)).status).toBe(401);
    });
  });

  describe('operator routes answer 401 AUTHENTICATION_REQUIRED', () => {
    it.each([
      ['missing', {}],
      ['wrong', { Authorization: 'Bearer not-the-operator-token-000' }],
      ['a prefix of the token', { Authorization: `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}` }],
      ['not a bearer credential', { Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}` }],
      ['wrong in X-Admin-Token', { 'X-Admin-Token': 'not-the-operator-token-000' }],
    ])('rejects a token that is %s', async (_case, headers) => {
      const res = await t.request('/api/admin/tenants', { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
    });

    it("rejects a tenant's User-API-Key or secret key", async () => {
      const attempts: Record<string, string>[] = [{ 'User-API-Key': acme.apiKey }, { Authorization: `Bearer ${acme.secretKeys.management}` }];
      for (const headers of attempts) {
        const res = await t.request('/api/admin/tenants', { headers });
        expect(res.status).toBe(401);
        expect(res.body).toEqual(UNAUTHORIZED);
      }
    });

    it('accepts the token as a bearer token (scheme in any case) or in X-Admin-Token', async () => {
      expect((await t.request('/api/admin/tenants', { headers: OPERATOR })).status).toBe(200);
      expect((await t.request('/api/admin/tenants', { headers: { Authorization: `bearer ${TEST_ADMIN_TOKEN}` } })).status).toBe(200);
      expect((await t.request('/api/admin/tenants', { headers: { 'X-Admin-Token': TEST_ADMIN_TOKEN } })).status).toBe(200);
    });

    it('is closed on an instance without ADMIN_TOKEN', async () => {
      const closed = await startTestApp({ db: t.db, env: { ...NO_THROTTLING, ADMIN_TOKEN: '' } });
      try {
        for (const headers of [OPERATOR, { Authorization: 'Bearer ' }, {}]) {
          const res = await closed.request('/api/admin/tenants', { headers });
          expect(res.status).toBe(401);
          expect(res.body).toEqual(UNAUTHORIZED);
        }
      } finally {
        await closed.close();
      }
    }, BOOT_TIMEOUT);
  });

  describe('operator tenant management', () => {
    it('creates a tenant and returns its credentials once', async () => {
      const res = await admin('', { method: 'POST', json: { username: 'opcreated', email: 'ops@opcreated.test', first_name: 'Ada', last_name: 'L' } });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['apiKey', 'id', 'secretKeys', 'username']);
      expect(res.body.username).toBe('opcreated');
      expect(res.body.apiKey).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/);
      expect(Object.keys(res.body.secretKeys).sort()).toEqual(['activation', 'creation', 'general', 'management', 'validation']);
      for (const secret of Object.values<string>(res.body.secretKeys)) expect(secret).toMatch(/^[A-Za-z0-9]{43}$/);
      expect((await settings({ 'User-API-Key': res.body.apiKey })).status).toBe(200);
      expect((await validate(res.body.secretKeys.validation)).status).toBe(200);

      const listed = await admin('');
      const row = listed.body.data.find((r: any) => r.id === res.body.id);
      expect(row).toMatchObject({ username: 'opcreated', email: 'ops@opcreated.test', first_name: 'Ada', last_name: 'L', status: 'active' });
      expect(JSON.stringify(listed.body)).not.toContain(res.body.apiKey);
      expect(JSON.stringify(listed.body)).not.toContain(res.body.secretKeys.validation);
    });

    it('rejects a duplicate username with 409 and bad input with 400 naming the fields', async () => {
      const dup = await admin('', { method: 'POST', json: { username: acme.username, email: 'x@y.test' } });
      expect(dup.status).toBe(409);
      expect(dup.body.result).toBe('error');
      const bad = await admin('', { method: 'POST', json: { username: 'a b', email: 'nope', extra: 1 } });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['email', 'extra', 'username']);
    });

    it('lists tenants with their status, oldest first', async () => {
      const res = await admin('');
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('success');
      const ids = res.body.data.map((r: any) => r.id);
      expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
      expect(res.body.data.find((r: any) => r.id === acme.id)).toMatchObject({ username: acme.username, status: 'active' });
    });

    it("suspends a tenant: its credentials stop working at once, and work again after activation", async () => {
      const victim = await createTenant(t);
      // warm the credential cache first: suspension must not wait for it to expire
      expect((await settings({ 'User-API-Key': victim.apiKey })).status).toBe(200);
      expect((await validate(victim.secretKeys.validation)).status).toBe(200);

      const suspended = await admin(`/${victim.id}/suspend`, { method: 'POST' });
      expect(suspended.status).toBe(200);
      expect(suspended.body.tenant).toMatchObject({ id: victim.id, status: 'suspended' });
      expect((await settings({ 'User-API-Key': victim.apiKey })).status).toBe(401);
      const blocked = await validate(victim.secretKeys.validation);
      expect(blocked.status).toBe(403);
      expect(blocked.body).toEqual(FORBIDDEN);
      // other tenants are unaffected
      expect((await settings({ 'User-API-Key': acme.apiKey })).status).toBe(200);

      const activated = await admin(`/${victim.id}/activate`, { method: 'POST' });
      expect(activated.status).toBe(200);
      expect(activated.body.tenant.status).toBe('active');
      expect((await settings({ 'User-API-Key': victim.apiKey })).status).toBe(200);
      expect((await validate(victim.secretKeys.validation)).status).toBe(200);
    });

    it('deletes a tenant: its credentials stop working at once and it leaves the list', async () => {
      const victim = await createTenant(t);
      expect((await settings({ 'User-API-Key': victim.apiKey })).status).toBe(200);
      const res = await admin(`/${victim.id}`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('success');
      expect((await settings({ 'User-API-Key': victim.apiKey })).status).toBe(401);
      expect((await validate(victim.secretKeys.validation)).status).toBe(403);
      expect((await admin('')).body.data.some((r: any) => r.id === victim.id)).toBe(false);
    });

    it('answers 404 in the contract shape for an unknown tenant id', async () => {
      for (const [path, method] of [
        ['/999999/suspend', 'POST'],
        ['/999999/activate', 'POST'],
        ['/999999', 'DELETE'],
      ]) {
        const res = await admin(path, { method });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ result: 'error', error_code: 404 });
      }
    });
  });
});
