import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { FailedAttemptsListener } from '../src/security/failed-attempts.listener';
import { SecurityRedis } from '../src/security/redis-connection';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/**
 * Two instances of the server on one database and one Redis (REDIS_URL), as behind a load
 * balancer: rate-limit counters, failure counters and IP rules are shared. A unique key prefix
 * keeps parallel runs apart. The periodic database refresh is set to an hour so that only Redis
 * can carry changes between the instances here.
 */
const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const MANAGEMENT_LIMIT = 6;
const THRESHOLD = 4;
const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const BLOCKED_MESSAGE = 'Access denied. Your IP has been temporarily blocked due to suspicious activity.';

/** Waits (bounded) for something that another instance learns through Redis pub/sub. */
async function eventually(check: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('security: two instances sharing Redis', () => {
  const prefix = `lt-${randomBytes(5).toString('hex')}:`;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let tenant: TestTenant;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    db = await createTestDatabase();
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      TRUST_PROXY: 'true',
      RATE_LIMIT_MANAGEMENT: String(MANAGEMENT_LIMIT),
      RATE_LIMIT_AUTH: '1000',
      IP_BLOCK_THRESHOLD: String(THRESHOLD),
      IP_RULES_REFRESH_SECONDS: '3600',
    };
    a = await startTestApp({ db, env });
    b = await startTestApp({ db, env });
    tenant = await createTenant(a);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const from = (ip: string, headers: Record<string, string> = {}) => ({ 'X-Forwarded-For': ip, ...headers });
  /** An unknown route answers 403 to a refused client, else 404 (/health answers even a blocked client). */
  const blocked = async (app: TestApp, ip: string) => {
    const res = await app.request('/no/such/route', { headers: from(ip) });
    if (res.status === 403) expect(res.body).toMatchObject({ result: 'error', message: BLOCKED_MESSAGE, error_code: 403 });
    else expect(res.status).toBe(404);
    return res.status === 403;
  };

  it('uses Redis on both instances', () => {
    expect(a.app.get(SecurityRedis).client?.status).toBe('ready');
    expect(b.app.get(SecurityRedis).client?.status).toBe('ready');
  });

  it('holds a tier limit in total across instances when requests alternate between them', async () => {
    const ip = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < MANAGEMENT_LIMIT + 2; i++) {
      const app = i % 2 === 0 ? a : b;
      statuses.push((await app.request('/api/user/settings', { headers: from(ip, { 'User-API-Key': tenant.apiKey }) })).status);
    }
    expect(statuses).toEqual([...Array(MANAGEMENT_LIMIT).fill(200), 429, 429]);
    const remaining = await b.request('/api/user/settings', { headers: from('203.0.113.51', { 'User-API-Key': tenant.apiKey }) });
    expect(remaining.headers.get('x-ratelimit-remaining')).toBe(String(MANAGEMENT_LIMIT - 1));
  });

  it('counts unknown keys from both instances together, across keys, and blocks the client on both', async () => {
    const ip = '203.0.113.60';
    for (let i = 0; i < THRESHOLD; i++) {
      const app = i % 2 === 0 ? a : b;
      const key = `UNKNOWNREDIS${String(i).padStart(30, '0')}`;
      const res = await app.request(`/api/license/validate/${tenant.secretKeys.validation}/${key}`, { method: 'POST', headers: from(ip) });
      expect(res.body).toMatchObject({ result: 'error', error_code: 101 });
      await app.app.get(FailedAttemptsListener).settled();
    }
    // the instance that counted the last failure wrote the block; the other hears of it through Redis
    expect(await blocked(b, ip)).toBe(true);
    await eventually(() => blocked(a, ip), 'instance A refuses the client blocked by B');
  });

  it('applies a deny rule added on one instance on the other', async () => {
    const res = await a.request('/api/admin/ip-rules', { method: 'POST', headers: operator, json: { type: 'deny', ip: '192.0.2.0/28' } });
    expect(res.status).toBe(201);
    expect(await blocked(a, '192.0.2.3')).toBe(true);
    await eventually(() => blocked(b, '192.0.2.3'), 'instance B refuses the denied range');
    await a.request(`/api/admin/ip-rules/${res.body.rule.id}`, { method: 'DELETE', headers: operator });
  });

  it('lifts a deny rule on every instance at once, even before the change notification arrives', async () => {
    const res = await a.request('/api/admin/ip-rules', { method: 'POST', headers: operator, json: { type: 'deny', ip: '192.0.2.100' } });
    await eventually(() => blocked(b, '192.0.2.100'), 'instance B refuses the denied address');
    // B stops listening: only the shared version check can tell it that the rule is gone
    const subscriber = b.app.get(SecurityRedis).subscriber!;
    await subscriber.unsubscribe();
    try {
      const removed = await a.request(`/api/admin/ip-rules/${res.body.rule.id}`, { method: 'DELETE', headers: operator });
      expect(removed.status).toBe(200);
      expect(await blocked(b, '192.0.2.100')).toBe(false);
      expect(await blocked(a, '192.0.2.100')).toBe(false);
    } finally {
      await subscriber.subscribe(`${prefix}ip-rules:changed`);
    }
  });

  it('does not take a busy process for a frozen Redis: a reply that arrived during a stall is read', async () => {
    // Both instances run in this process: a stall of its event loop longer than the command
    // deadline (default 500 ms) used to fail commands Redis had answered and drop the connection,
    // so a change made next on one instance was not announced to the other.
    const pending = [a, b].map((app) => app.app.get(SecurityRedis).client!.get(`${prefix}probe`));
    const until = Date.now() + 1200;
    while (Date.now() < until); // synchronous work: the replies wait unread in the socket buffers
    await expect(Promise.all(pending)).resolves.toEqual([null, null]);
    expect(a.app.get(SecurityRedis).client?.status).toBe('ready');
    expect(b.app.get(SecurityRedis).client?.status).toBe('ready');
  });

  it('lifts an automatic block on every instance at once when the operator unblocks it on one', async () => {
    const ip = '203.0.113.60'; // blocked above
    expect(await blocked(a, ip)).toBe(true);
    expect(await blocked(b, ip)).toBe(true);
    const lifted = await b.request('/api/admin/ip-rules/unblock', { method: 'POST', headers: operator, json: { ip } });
    expect(lifted.body).toMatchObject({ result: 'success', removed: 1 });
    expect(await blocked(a, ip)).toBe(false);
    expect(await blocked(b, ip)).toBe(false);
  });

  it('keeps no clear IP in Redis: keys hold hashes only', async () => {
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((k) => k.startsWith(`${prefix}rl:management:`))).toBe(true);
    for (const k of keys) {
      expect(k).not.toMatch(/203\.0\.113|192\.0\.2/);
      expect(k).not.toContain('UNKNOWNREDIS');
    }
  });
});
