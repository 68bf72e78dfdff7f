import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FailedAttemptsListener } from '../src/security/failed-attempts.listener';
import { IpRulesService } from '../src/security/ip-rules.service';
import { createLicense } from './licenses-support';
import { processEnv, requireDist, runCli } from './helpers/spawn';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/**
 * Automatic IP blocking (signs of guessing counted per client across keys, DECISIONS A5) and the
 * operator's allow/deny rules (API and CLI), on one instance. Clients are told apart by X-Forwarded-For
 * (TRUST_PROXY=true); rate limiting is off so that only blocking is under test.
 */
const BLOCKED_BODY = {
  result: 'error',
  message: 'Access denied. Your IP has been temporarily blocked due to suspicious activity.',
  error_code: 403,
};
const THRESHOLD = 3;
const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const unknownKey = (n: number) => `UNKNOWN${String(n).padStart(33, '0')}`;
/** A new random key each time, as a guesser tries them. */
const randomKey = () => `GUESS${randomBytes(18).toString('hex').toUpperCase()}`;

describe('security: IP blocking and IP rules', () => {
  let db: TestDatabase;
  let t: TestApp;
  let tenant: TestTenant;
  const env = {
    TRUST_PROXY: 'true',
    RATE_LIMIT_ENABLED: 'false',
    IP_BLOCK_THRESHOLD: String(THRESHOLD),
    IP_BLOCK_WINDOW_SECONDS: '60',
    IP_BLOCK_DURATION_HOURS: '24',
    IP_ALLOWLIST: '198.51.100.0/24',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({ db, env });
    tenant = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const from = (ip: string, headers: Record<string, string> = {}) => ({ 'X-Forwarded-For': ip, ...headers });
  const validate = (app: TestApp, ip: string, key: string) =>
    app.request(`/api/license/validate/${tenant.secretKeys.validation}/${key}`, { method: 'POST', headers: from(ip) });

  /** Fails `times` validations of `key` from `ip`, then waits until the listener has counted them. */
  async function fail(app: TestApp, ip: string, key: string, times: number) {
    for (let i = 0; i < times; i++) {
      const res = await validate(app, ip, key);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'error', error_code: 101 });
    }
    await app.app.get(FailedAttemptsListener).settled();
  }

  /** Whether the client is refused: an unknown route answers 403 when blocked, else 404 (/health always answers). */
  async function isBlocked(app: TestApp, ip: string): Promise<boolean> {
    const res = await app.request('/no/such/route', { headers: from(ip) });
    if (res.status === 403) {
      expect(res.body).toEqual(BLOCKED_BODY);
      return true;
    }
    expect(res.status).toBe(404);
    return false;
  }

  /** Fails `times` validations from `ip`, each with a new random key (a guesser). */
  async function guess(app: TestApp, ip: string, times: number) {
    for (let i = 0; i < times; i++) expect((await validate(app, ip, randomKey())).body).toMatchObject({ result: 'error', error_code: 101 });
    await app.app.get(FailedAttemptsListener).settled();
  }

  describe('automatic blocks', () => {
    it('blocks a client after IP_BLOCK_THRESHOLD failed validations of one unknown license key', async () => {
      const ip = '203.0.113.10';
      await fail(t, ip, unknownKey(1), THRESHOLD - 1);
      expect(await isBlocked(t, ip)).toBe(false);
      await fail(t, ip, unknownKey(1), 1);
      expect(await isBlocked(t, ip)).toBe(true);
      const res = await validate(t, ip, unknownKey(1));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(BLOCKED_BODY);
    });

    it('answers the blocked body on every endpoint, before routing, body parsing or authentication', async () => {
      const ip = '203.0.113.10'; // blocked by the test above
      const probes = [
        t.request('/docs', { headers: from(ip) }),
        t.request('/api/admin/ip-rules', { headers: from(ip, { Authorization: 'Bearer not-the-operator-token' }) }),
        t.request('/docs-json', { headers: from(ip) }),
        t.request('/no/such/route', { headers: from(ip) }),
        t.request('/api/user/settings', { method: 'POST', headers: from(ip, { 'content-type': 'application/json', 'User-API-Key': tenant.apiKey }), body: '{"broken":' }),
        t.request('/api/admin/ip-rules', { headers: from(ip) }),
        t.request(`/validate?t=p&s=${unknownKey(1)}&d=example.com`, { headers: from(ip) }),
      ];
      for (const res of await Promise.all(probes)) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual(BLOCKED_BODY);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      }
      const bridge = await t.request('/api/v1/license/check', { method: 'POST', headers: from(ip), json: {} });
      expect(bridge.status).toBe(403);
      expect(bridge.body).toEqual({ status: 403, message: BLOCKED_BODY.message });
    });

    it('blocks a guesser who tries a new random key each time: counted across keys', async () => {
      const ip = '203.0.113.11';
      await guess(t, ip, THRESHOLD - 1);
      expect(await isBlocked(t, ip)).toBe(false);
      await guess(t, ip, 1);
      expect(await isBlocked(t, ip)).toBe(true);
    });

    it("does not block the README's newcomer: refused registrations at the limit and product-name mismatches are no guessing", async () => {
      const ip = '203.0.113.12';
      const s = tenant.secretKeys;
      const key = await createLicense(t, tenant, { max_allowed_domains: 1, product_ref: 'my-product' });
      const register = (name: string) => t.request(`/api/license/register/domain/${name}/${s.activation}/${key}`, { headers: from(ip) });
      expect((await register('first.example.com')).body).toMatchObject({ result: 'success' });
      for (const name of ['second.example.com', 'third.example.com']) expect((await register(name)).body).toMatchObject({ result: 'error' });
      for (let i = 0; i < 3; i++) {
        const res = await t.request(`/validate?t=My-Product-Typo&s=${key}&d=first.example.com`, { headers: from(ip) });
        expect(res.status).toBe(200);
      }
      const blocked = await createLicense(t, tenant, { license_status: 'blocked' });
      for (let i = 0; i < THRESHOLD; i++) expect((await validate(t, ip, blocked)).body).toMatchObject({ result: 'error' });
      await t.app.get(FailedAttemptsListener).settled();
      expect(await isBlocked(t, ip)).toBe(false);
    });

    it('counts wrong secrets, wrong User-API-Keys and wrong lead tokens as signs of guessing', async () => {
      const wrongSecret = () => randomBytes(32).toString('base64url').slice(0, 43);
      const attempts: Array<[string, (ip: string) => Promise<unknown>]> = [
        ['203.0.113.13', (ip) => t.request(`/api/license/validate/${wrongSecret()}/${unknownKey(1)}`, { method: 'POST', headers: from(ip) })],
        ['203.0.113.14', (ip) => t.request('/api/user/settings', { headers: from(ip, { 'User-API-Key': randomBytes(3).toString('hex').toUpperCase() }) })],
        ['203.0.113.15', (ip) => t.request('/api/v1/license/check', { method: 'POST', headers: from(ip, { 'appza-hash': randomBytes(20).toString('hex') }), json: {} })],
      ];
      for (const [ip, attempt] of attempts) {
        for (let i = 0; i < THRESHOLD - 1; i++) await attempt(ip);
        await t.app.get(FailedAttemptsListener).settled();
        expect(await isBlocked(t, ip)).toBe(false);
        await attempt(ip);
        await t.app.get(FailedAttemptsListener).settled();
        expect(await isBlocked(t, ip)).toBe(true);
      }
    });

    it('lets /health and every request with the valid operator token through while a client is blocked', async () => {
      const ip = '203.0.113.11'; // blocked above
      expect(await isBlocked(t, ip)).toBe(true);
      const health = await t.request('/health', { headers: from(ip) });
      expect(health.status).toBe(200);
      const listed = await t.request(`/api/admin/ip-rules?ip=${ip}`, { headers: from(ip, operator) });
      expect(listed.status).toBe(200);
      expect(listed.body.data).toEqual([expect.objectContaining({ source: 'automatic', ip })]);
      const viaHeader = await t.request('/api/admin/tenants', { headers: from(ip, { 'X-Admin-Token': TEST_ADMIN_TOKEN }) });
      expect(viaHeader.status).toBe(200);
      const lifted = await t.request('/api/admin/ip-rules/unblock', { method: 'POST', headers: from(ip, operator), json: { ip } });
      expect(lifted.body).toMatchObject({ result: 'success', removed: 1 });
      expect(await isBlocked(t, ip)).toBe(false);
    });

    it('counts per client: failures from other addresses do not add up, and only the offender is blocked', async () => {
      for (let i = 0; i < THRESHOLD - 1; i++) await fail(t, `203.0.113.${20 + i}`, unknownKey(5), 1);
      await fail(t, '203.0.113.30', unknownKey(5), THRESHOLD);
      expect(await isBlocked(t, '203.0.113.30')).toBe(true);
      for (let i = 0; i < THRESHOLD - 1; i++) expect(await isBlocked(t, `203.0.113.${20 + i}`)).toBe(false);
    });

    it('blocks an IPv6 client by its /64 network', async () => {
      await fail(t, '2001:db8:5:6::1', unknownKey(6), THRESHOLD);
      expect(await isBlocked(t, '2001:db8:5:6::abcd')).toBe(true);
      expect(await isBlocked(t, '2001:db8:5:7::1')).toBe(false);
    });

    it('never blocks allow-listed addresses', async () => {
      await fail(t, '198.51.100.7', unknownKey(7), THRESHOLD * 2);
      expect(await isBlocked(t, '198.51.100.7')).toBe(false);
    });

    it("stores an automatic block with the client's address and logs it at warn level with the clear IP", async () => {
      const rows: Array<Record<string, unknown>> = await t.app.get(DataSource).query('SELECT * FROM ip_rules');
      const automatic = rows.filter((r) => r.source === 'automatic');
      expect(automatic.map((r) => r.cidr)).toEqual(expect.arrayContaining(['203.0.113.10', '203.0.113.30', '2001:db8:5:6::/64']));
      for (const row of automatic) {
        expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.type).toBe('deny');
      }
      const lines = t.logs.join('').split('\n').filter((l) => l.includes('blocked automatically'));
      const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.ip === '203.0.113.30');
      expect(line).toMatchObject({ level: 40, ip: '203.0.113.30' });
      expect(String(line!.msg)).toContain('203.0.113.30');
    });

    it('lists automatic blocks by address for the operator and lifts one at once with unblock', async () => {
      const ip = '203.0.113.30';
      const found = await t.request(`/api/admin/ip-rules?ip=${ip}`, { headers: operator });
      expect(found.status).toBe(200);
      expect(found.body.data).toEqual([
        expect.objectContaining({ type: 'deny', source: 'automatic', ip, ip_hash: expect.stringMatching(/^[0-9a-f]{64}$/), expires_at: expect.any(String) }),
      ]);
      const hours = (Date.parse(found.body.data[0].expires_at) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);

      const lifted = await t.request('/api/admin/ip-rules/unblock', { method: 'POST', headers: operator, json: { ip } });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toEqual({ result: 'success', message: 'Automatic block lifted.', removed: 1 });
      expect(await isBlocked(t, ip)).toBe(false);
      const again = await t.request('/api/admin/ip-rules/unblock', { method: 'POST', headers: operator, json: { ip } });
      expect(again.body.removed).toBe(0);
    });

    it('starts counting afresh after an unblock', async () => {
      const ip = '203.0.113.30';
      await fail(t, ip, unknownKey(5), THRESHOLD - 1);
      expect(await isBlocked(t, ip)).toBe(false);
      await fail(t, ip, unknownKey(5), 1);
      expect(await isBlocked(t, ip)).toBe(true);
    });
  });

  describe('operator rules', () => {
    const rule = (body: Record<string, unknown>) => t.request('/api/admin/ip-rules', { method: 'POST', headers: operator, json: body });
    const remove = (id: number) => t.request(`/api/admin/ip-rules/${id}`, { method: 'DELETE', headers: operator });

    it('requires the operator token', async () => {
      for (const res of [
        await t.request('/api/admin/ip-rules'),
        await t.request('/api/admin/ip-rules', { method: 'POST', json: { type: 'deny', ip: '192.0.2.1' } }),
        await t.request('/api/admin/ip-rules/1', { method: 'DELETE', headers: { Authorization: 'Bearer wrong-token-000000000' } }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ result: 'error', code: 'AUTHENTICATION_REQUIRED' });
      }
    });

    it('denies an IPv4 CIDR range at once and lets it through again when the rule is removed', async () => {
      const created = await rule({ type: 'deny', ip: '192.0.2.77/24', note: 'scanner' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        result: 'success',
        message: 'IP rule added.',
        rule: { id: expect.any(Number), type: 'deny', source: 'operator', ip: '192.0.2.0/24', ip_hash: null, note: 'scanner', expires_at: null, created_at: expect.any(String) },
      });
      expect(await isBlocked(t, '192.0.2.200')).toBe(true);
      expect(await isBlocked(t, '192.0.3.1')).toBe(false);
      const removed = await remove(created.body.rule.id);
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ result: 'success', message: 'IP rule removed.' });
      expect(await isBlocked(t, '192.0.2.200')).toBe(false);
    });

    it('denies a single IPv6 address and an IPv6 range', async () => {
      const single = await rule({ type: 'deny', ip: '2001:db8:aa::1' });
      const range = await rule({ type: 'deny', ip: '2001:db8:bb::/48', expires_at: '2999-01-01T00:00:00' }); // no offset: UTC
      expect(single.body.rule.ip).toBe('2001:db8:aa::1');
      expect(range.body.rule).toMatchObject({ ip: '2001:db8:bb::/48', expires_at: '2999-01-01T00:00:00.000Z' });
      expect(await isBlocked(t, '2001:db8:aa::1')).toBe(true);
      expect(await isBlocked(t, '2001:db8:aa::2')).toBe(false);
      expect(await isBlocked(t, '2001:db8:bb:cc::9')).toBe(true);
      await remove(single.body.rule.id);
      await remove(range.body.rule.id);
      expect(await isBlocked(t, '2001:db8:bb:cc::9')).toBe(false);
    });

    it('lets an allow rule win over a deny rule, and over automatic blocking', async () => {
      const deny = await rule({ type: 'deny', ip: '192.0.2.0/24' });
      const allow = await rule({ type: 'allow', ip: '192.0.2.50' });
      expect(await isBlocked(t, '192.0.2.50')).toBe(false);
      expect(await isBlocked(t, '192.0.2.51')).toBe(true);
      await remove(deny.body.rule.id);
      await fail(t, '192.0.2.50', unknownKey(8), THRESHOLD * 2);
      expect(await isBlocked(t, '192.0.2.50')).toBe(false);
      await remove(allow.body.rule.id);
    });

    it('lists configuration, operator and automatic rules, filtered by type', async () => {
      const created = await rule({ type: 'deny', ip: '192.0.2.99', note: 'list me' });
      const all = await t.request('/api/admin/ip-rules', { headers: operator });
      expect(all.status).toBe(200);
      expect(all.body.result).toBe('success');
      expect(all.body.data).toContainEqual({ id: null, type: 'allow', source: 'config', ip: '198.51.100.0/24', ip_hash: null, note: 'IP_ALLOWLIST', expires_at: null, created_at: null });
      expect(all.body.data).toContainEqual(expect.objectContaining({ id: created.body.rule.id, note: 'list me' }));
      expect(all.body.data.some((r: any) => r.source === 'automatic')).toBe(true);
      const allows = await t.request('/api/admin/ip-rules?type=allow', { headers: operator });
      expect(allows.body.data.every((r: any) => r.type === 'allow')).toBe(true);
      const forIp = await t.request('/api/admin/ip-rules?ip=192.0.2.99', { headers: operator });
      expect(forIp.body.data).toEqual([expect.objectContaining({ id: created.body.rule.id })]);
      await remove(created.body.rule.id);
    });

    it('rejects bad rules with 400 and the fields listed', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ type: 'deny', ip: '300.1.1.1' }, 'ip'],
        [{ type: 'deny', ip: '10.0.0.0/33' }, 'ip'],
        [{ type: 'deny', ip: 'example.com' }, 'ip'],
        [{ type: 'deny', ip: 12345 }, 'ip'],
        [{ type: 'block', ip: '192.0.2.1' }, 'type'],
        [{ ip: '192.0.2.1' }, 'type'],
        [{ type: 'deny', ip: '192.0.2.1', expires_at: 'tomorrow' }, 'expires_at'],
        [{ type: 'deny', ip: '192.0.2.1', expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
        [{ type: 'deny', ip: '192.0.2.1', note: 'x'.repeat(256) }, 'note'],
        [{ type: 'deny', ip: '192.0.2.1', admin: true }, 'admin'],
      ];
      for (const [body, field] of cases) {
        const res = await rule(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ result: 'error', message: 'Invalid request parameters.', error_code: 400 });
        expect(Object.keys(res.body.errors)).toContain(field);
      }
      expect((await t.request('/api/admin/ip-rules?ip=not-an-ip', { headers: operator })).status).toBe(400);
      expect((await t.request('/api/admin/ip-rules?type=maybe', { headers: operator })).status).toBe(400);
      expect((await t.request('/api/admin/ip-rules/unblock', { method: 'POST', headers: operator, json: { ip: '10.0.0.0/8' } })).status).toBe(400);
    });

    it('answers 404 for an unknown rule id and 400 for a malformed one', async () => {
      const missing = await remove(999999);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ result: 'error', message: 'IP rule not found.', error_code: 404 });
      for (const bad of ['abc', '-1', '0', '1.5', '99999999999']) {
        const res = await t.request(`/api/admin/ip-rules/${bad}`, { method: 'DELETE', headers: operator });
        expect(res.status).toBe(400);
      }
    });
  });

  describe('operator CLI', () => {
    const SLOW = 120_000; // each command is a process that boots Nest
    const cli = async (args: string[]) => {
      const res = await runCli([...args, '--json'], processEnv(db, { LOG_LEVEL: 'warn' }));
      return { ...res, json: res.code === 0 ? JSON.parse(res.stdout) : undefined };
    };
    /** The server applies a CLI change on its next refresh (IP_RULES_REFRESH_SECONDS, or at once through Redis); run it now. */
    const refresh = () => t.app.get(IpRulesService).reload();

    beforeAll(() => requireDist());

    it('ip:list shows automatic blocks with their clear IP, and ip:unblock lifts one', async () => {
      const ip = '203.0.113.50';
      await guess(t, ip, THRESHOLD);
      expect(await isBlocked(t, ip)).toBe(true);
      const listed = await cli(['ip:list']);
      expect(listed.code).toBe(0);
      expect(listed.json).toContainEqual(expect.objectContaining({ type: 'deny', source: 'automatic', ip, expires_at: expect.any(String) }));
      const forIp = await cli(['ip:list', '--ip', ip]);
      expect(forIp.json).toEqual([expect.objectContaining({ source: 'automatic', ip })]);

      const lifted = await cli(['ip:unblock', '--ip', ip]);
      expect(lifted.code).toBe(0);
      expect(lifted.json).toEqual({ ip, removed: 1 });
      await refresh();
      expect(await isBlocked(t, ip)).toBe(false);
      expect((await cli(['ip:list', '--ip', ip])).json).toEqual([]);
    }, SLOW);

    it('ip:deny refuses an address and ip:allow exempts one from blocking; bad input exits 2', async () => {
      const denied = await cli(['ip:deny', '--ip', '192.0.2.160/28', '--note', 'from the CLI']);
      expect(denied.code).toBe(0);
      expect(denied.json).toMatchObject({ type: 'deny', source: 'operator', ip: '192.0.2.160/28', note: 'from the CLI' });
      const allowed = await cli(['ip:allow', '--ip', '203.0.113.60']);
      expect(allowed.json).toMatchObject({ type: 'allow', source: 'operator', ip: '203.0.113.60' });
      await refresh();
      expect(await isBlocked(t, '192.0.2.170')).toBe(true);
      await guess(t, '203.0.113.60', THRESHOLD * 2);
      expect(await isBlocked(t, '203.0.113.60')).toBe(false);

      for (const args of [['ip:unblock'], ['ip:unblock', '--ip', '10.0.0.0/8'], ['ip:deny', '--ip', 'example.com']]) {
        const res = await cli(args);
        expect(res.code).toBe(2);
        expect(res.stderr).toMatch(/--ip/);
      }
      await t.request(`/api/admin/ip-rules/${denied.json.id}`, { method: 'DELETE', headers: operator });
      await t.request(`/api/admin/ip-rules/${allowed.json.id}`, { method: 'DELETE', headers: operator });
    }, SLOW);
  });

  describe('after a restart', () => {
    let restarted: TestApp;
    beforeAll(async () => {
      await t.close(); // the database stays (this file owns it)
      restarted = await startTestApp({ db, env: { ...env, IP_BLOCK_ENABLED: 'false' } });
      t = restarted;
    });

    it('keeps automatic blocks and operator rules (they live in the database)', async () => {
      expect(await isBlocked(restarted, '203.0.113.10')).toBe(true);
      expect(await isBlocked(restarted, '2001:db8:5:6::1')).toBe(true);
      expect(await isBlocked(restarted, '203.0.113.12')).toBe(false);
    });

    it('does not block automatically with IP_BLOCK_ENABLED=false', async () => {
      await fail(restarted, '203.0.113.40', unknownKey(9), THRESHOLD * 2);
      expect(await isBlocked(restarted, '203.0.113.40')).toBe(false);
    });
  });
});
