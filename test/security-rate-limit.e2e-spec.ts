import { processEnv, requireDist, runCli } from './helpers/spawn';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestResponse } from './helpers/test-app';
import { licenseFields } from './licenses-support';

/**
 * Tiered rate limits on one instance (memory counters). Every test uses its own client address
 * through X-Forwarded-For (TRUST_PROXY=true), so the buckets of one test do not touch another's.
 * The limiter runs before authentication, so wrong credentials count like any other request.
 */
const LIMITS = { auth: 3, management: 4, info: 5, routine: 6 };
const RATE_LIMIT_BODY_MESSAGE = 'Rate limit exceeded. Please try again later.';

/** One route per tier (credentials are wrong on purpose: the limiter does not care). */
const TIER_ROUTES: Record<keyof typeof LIMITS, { path: string; method: string }> = {
  auth: { path: '/api/license/validate/wrong-secret-0000000000/KEY0000000000000000000000000000000000000', method: 'POST' },
  management: { path: '/api/user/settings', method: 'GET' },
  info: { path: '/api/license/all/wrong-secret-0000000000', method: 'GET' },
  routine: { path: '/validate?t=product&s=KEY&d=example.com', method: 'GET' },
};

describe('security: tiered rate limits', () => {
  let t: TestApp;
  let ipSeq = 0;
  const nextIp = () => `203.0.113.${++ipSeq}`;
  const from = (ip: string, headers: Record<string, string> = {}) => ({ 'X-Forwarded-For': ip, ...headers });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'true',
        RATE_LIMIT_AUTH: String(LIMITS.auth),
        RATE_LIMIT_MANAGEMENT: String(LIMITS.management),
        RATE_LIMIT_INFO: String(LIMITS.info),
        RATE_LIMIT_ROUTINE: String(LIMITS.routine),
        IP_ALLOWLIST: '198.51.100.0/24',
        IP_BLOCK_ENABLED: 'false',
      },
    });
  });
  afterAll(async () => t.close());

  async function hit(tier: keyof typeof LIMITS, ip: string): Promise<TestResponse> {
    const route = TIER_ROUTES[tier];
    return t.request(route.path, { method: route.method, headers: from(ip) });
  }

  it('answers the 429 body of DECISIONS A5 with Retry-After and X-RateLimit headers once a tier is used up', async () => {
    const ip = nextIp();
    for (let i = 1; i <= LIMITS.management; i++) {
      const res = await hit('management', ip);
      expect(res.status).not.toBe(429);
      expect(res.headers.get('x-ratelimit-limit')).toBe(String(LIMITS.management));
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(LIMITS.management - i));
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    }
    const res = await hit('management', ip);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ result: 'error', message: RATE_LIMIT_BODY_MESSAGE, code: 'RATE_LIMIT_EXCEEDED', retry_after: expect.any(Number) });
    expect(res.body.retry_after).toBeGreaterThanOrEqual(1);
    expect(res.body.retry_after).toBeLessThanOrEqual(60);
    expect(res.headers.get('retry-after')).toBe(String(res.body.retry_after));
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(LIMITS.management));
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('counts failed authentications: the limiter runs before the auth guard', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.management; i++) {
      statuses.push((await t.request('/api/user/settings', { headers: from(ip, { 'User-API-Key': 'WRONG1' }) })).status);
    }
    expect(statuses).toEqual([...Array(LIMITS.management).fill(401), 429]);
  });

  it.each(Object.keys(LIMITS) as Array<keyof typeof LIMITS>)('limits the %s tier to its configured requests per minute', async (tier) => {
    const ip = nextIp();
    for (let i = 0; i < LIMITS[tier]; i++) expect((await hit(tier, ip)).status).not.toBe(429);
    expect((await hit(tier, ip)).status).toBe(429);
  });

  it('keeps one bucket per tier: a used-up tier does not throttle the others', async () => {
    const ip = nextIp();
    for (let i = 0; i < LIMITS.auth; i++) await hit('auth', ip);
    expect((await hit('auth', ip)).status).toBe(429);
    for (const tier of ['management', 'info', 'routine'] as const) expect((await hit(tier, ip)).status).not.toBe(429);
  });

  it('shares a tier between its routes: requests to different routes of one tier add up', async () => {
    const ip = nextIp();
    const routes = [
      () => t.request('/api/user/settings', { headers: from(ip) }),
      () => t.request('/api/user/settings', { method: 'POST', headers: from(ip), json: {} }),
      () => t.request('/api/user/secrets/rotate', { method: 'POST', headers: from(ip), json: {} }),
    ];
    for (let i = 0; i < LIMITS.management; i++) expect((await routes[i % routes.length]()).status).not.toBe(429);
    expect((await routes[LIMITS.management % routes.length]()).status).toBe(429);
  });

  it('counts each client IP separately', async () => {
    const first = nextIp();
    const second = nextIp();
    for (let i = 0; i < LIMITS.auth; i++) await hit('auth', first);
    expect((await hit('auth', first)).status).toBe(429);
    expect((await hit('auth', second)).status).not.toBe(429);
  });

  it('counts an IPv6 client per /64 network', async () => {
    for (let i = 0; i < LIMITS.auth; i++) await hit('auth', `2001:db8:77:1::${i + 1}`);
    expect((await hit('auth', '2001:db8:77:1:ffff::9')).status).toBe(429);
    expect((await hit('auth', '2001:db8:77:2::1')).status).not.toBe(429);
  });

  it('never throttles allow-listed addresses (IP_ALLOWLIST)', async () => {
    for (let i = 0; i < LIMITS.auth * 3; i++) {
      const res = await hit('auth', '198.51.100.20');
      expect(res.status).not.toBe(429);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });

  it('excludes the `none` tier (health) and the API documentation', async () => {
    const ip = nextIp();
    for (let i = 0; i < 15; i++) {
      const health = await t.request('/health', { headers: from(ip) });
      expect(health.status).toBe(200);
      expect(health.headers.get('x-ratelimit-limit')).toBeNull();
    }
    for (let i = 0; i < 3; i++) expect((await t.request('/docs-json', { headers: from(ip) })).status).toBe(200);
  });

  it('answers 429 in the {status, message} envelope on the License API v1 paths', async () => {
    const ip = nextIp();
    let res: TestResponse | undefined;
    for (let i = 0; i < 30; i++) {
      res = await t.request('/api/v1/license/check', { method: 'POST', headers: from(ip), json: {} });
      if (res.status === 429) break;
    }
    expect(res!.status).toBe(429);
    expect(res!.body).toEqual({ status: 429, message: RATE_LIMIT_BODY_MESSAGE, retry_after: expect.any(Number) });
    expect(res!.headers.get('retry-after')).toBe(String(res!.body.retry_after));
  });
});

describe('security: rate limits without a trusted proxy, and switched off', () => {
  let direct: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    direct = await startTestApp({ env: { RATE_LIMIT_AUTH: '2', IP_BLOCK_ENABLED: 'false' } });
    off = await startTestApp({ db: direct.db, env: { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_AUTH: '2', IP_BLOCK_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await off.close();
    await direct.close();
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set: the socket address is the client', async () => {
    const path = TIER_ROUTES.auth.path;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await direct.request(path, { method: 'POST', headers: { 'X-Forwarded-For': `192.0.2.${i + 1}` } })).status);
    }
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
  });

  it('does not limit anything with RATE_LIMIT_ENABLED=false', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await off.request(TIER_ROUTES.auth.path, { method: 'POST' });
      expect(res.status).not.toBe(429);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});

describe("security: a tenant's own rate limits (operator-set)", () => {
  const AUTH_LIMIT = 3;
  const OWN_LIMIT = 8;
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', RATE_LIMIT_AUTH: String(AUTH_LIMIT), IP_BLOCK_ENABLED: 'false' } });
  });
  afterAll(async () => t.close());

  /** Creates licenses from one address (a shop backend) until refused; the statuses in order. */
  async function createInBulk(secret: string, ip: string, times: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) {
      const res = await t.request(`/api/license/create/${secret}/data`, { method: 'POST', headers: { 'X-Forwarded-For': ip }, json: licenseFields() });
      if (res.status === 200) expect(res.body).toMatchObject({ result: 'success', code: 400 });
      statuses.push(res.status);
    }
    return statuses;
  }

  it("raises that tenant's limit only: its backend gets its own limit on top, other tenants and wrong secrets keep the per-IP one", async () => {
    const shop = await createTenant(t);
    const other = await createTenant(t);
    const set = await t.request(`/api/admin/tenants/${shop.id}/rate-limits`, { method: 'PUT', headers: operator, json: { auth: OWN_LIMIT } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ result: 'success', tenant_id: shop.id, rate_limits: { auth: OWN_LIMIT, management: null, info: null } });

    const shopStatuses = await createInBulk(shop.secretKeys.creation, '203.0.113.201', AUTH_LIMIT + OWN_LIMIT + 1);
    expect(shopStatuses).toEqual([...Array(AUTH_LIMIT + OWN_LIMIT).fill(200), 429]);
    expect(await createInBulk(other.secretKeys.creation, '203.0.113.202', AUTH_LIMIT + 1)).toEqual([...Array(AUTH_LIMIT).fill(200), 429]);
    // over the client's limit, a wrong secret is refused by the limiter, not let through to authentication
    const wrong = await t.request(`/api/license/create/${'x'.repeat(43)}/data`, { method: 'POST', headers: { 'X-Forwarded-For': '203.0.113.202' }, json: licenseFields() });
    expect(wrong.status).toBe(429);

    const reset = await t.request(`/api/admin/tenants/${shop.id}/rate-limits`, { method: 'PUT', headers: operator, json: { auth: null } });
    expect(reset.body.rate_limits).toEqual({ auth: null, management: null, info: null });
    expect(await createInBulk(shop.secretKeys.creation, '203.0.113.203', AUTH_LIMIT + 1)).toEqual([...Array(AUTH_LIMIT).fill(200), 429]);
  });

  it('is set by the operator only, within bounds', async () => {
    const shop = await createTenant(t);
    expect((await t.request(`/api/admin/tenants/${shop.id}/rate-limits`, { method: 'PUT', json: { auth: 100 } })).status).toBe(401);
    expect((await t.request(`/api/admin/tenants/${shop.id}/rate-limits`, { method: 'PUT', headers: { 'User-API-Key': shop.apiKey }, json: { auth: 100 } })).status).toBe(401);
    for (const body of [{ auth: 0 }, { auth: 'many' }, { info: 2_000_000 }, { routine: 10 }]) {
      const res = await t.request(`/api/admin/tenants/${shop.id}/rate-limits`, { method: 'PUT', headers: operator, json: body });
      expect(res.status).toBe(400);
    }
    expect((await t.request('/api/admin/tenants/999999/rate-limits', { method: 'PUT', headers: operator, json: { auth: 5 } })).status).toBe(404);
  });

  it('tenant:limits sets, shows and resets them from the CLI', async () => {
    requireDist();
    const shop = await createTenant(t);
    const env = processEnv(t.db, { LOG_LEVEL: 'warn' });
    const set = await runCli(['tenant:limits', '--username', shop.username, '--auth', '600', '--info', '300', '--json'], env);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ id: shop.id, username: shop.username, rate_limits: { auth: 600, management: null, info: 300 } });
    const reset = await runCli(['tenant:limits', '--username', shop.username, '--auth', 'default', '--json'], env);
    expect(JSON.parse(reset.stdout).rate_limits).toEqual({ auth: null, management: null, info: 300 });
    const bad = await runCli(['tenant:limits', '--username', shop.username, '--auth', '0', '--json'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--auth');
  }, 120_000);
});
