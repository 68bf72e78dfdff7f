import { DataSource } from 'typeorm';
import { FailedAttemptsListener } from '../src/security/failed-attempts.listener';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/**
 * Automatic IP blocking (failed validations counted per license key and client) and the
 * operator's allow/deny rules, on one instance. Clients are told apart by X-Forwarded-For
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

  async function isBlocked(app: TestApp, ip: string): Promise<boolean> {
    const res = await app.request('/health', { headers: from(ip) });
    if (res.status === 403) {
      expect(res.body).toEqual(BLOCKED_BODY);
      return true;
    }
    expect(res.status).toBe(200);
    return false;
  }

  describe('automatic blocks', () => {
    it('blocks a client after IP_BLOCK_THRESHOLD failed validations of one license key', async () => {
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

    it('counts per license key: failures spread over several keys do not block', async () => {
      const ip = '203.0.113.11';
      await fail(t, ip, unknownKey(2), THRESHOLD - 1);
      await fail(t, ip, unknownKey(3), THRESHOLD - 1);
      await fail(t, ip, unknownKey(4), THRESHOLD - 1);
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

    it('stores an automatic block as a keyed hash, never the clear IP', async () => {
      const rows: Array<Record<string, unknown>> = await t.app.get(DataSource).query('SELECT * FROM ip_rules');
      const automatic = rows.filter((r) => r.source === 'automatic');
      expect(automatic.length).toBeGreaterThanOrEqual(2);
      for (const row of automatic) {
        expect(row.cidr).toBeNull();
        expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.type).toBe('deny');
      }
      const dump = JSON.stringify(rows);
      for (const ip of ['203.0.113.10', '203.0.113.30', '2001:db8:5:6']) expect(dump).not.toContain(ip);
      expect(t.logs.join('\n')).not.toContain('203.0.113.10');
    });

    it('lists automatic blocks by address for the operator and lifts one at once with unblock', async () => {
      const ip = '203.0.113.30';
      const found = await t.request(`/api/admin/ip-rules?ip=${ip}`, { headers: operator });
      expect(found.status).toBe(200);
      expect(found.body.data).toEqual([
        expect.objectContaining({ type: 'deny', source: 'automatic', ip: null, ip_hash: expect.stringMatching(/^[0-9a-f]{64}$/), expires_at: expect.any(String) }),
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
