import { randomBytes } from 'node:crypto';
import { FailedAttemptsListener } from '../src/security/failed-attempts.listener';
import { SecurityRedis } from '../src/security/redis-connection';
import { startPrivateRedis, PrivateRedis } from './helpers/private-redis';
import { createTenant, startTestApp, TestApp, TestResponse, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/**
 * A Redis that freezes (SIGSTOP) or dies while REDIS_URL is set (issue 9.2): rate limits and IP
 * rules fall back to each instance's memory with one warning, requests are not held (a command
 * gets REDIS_COMMAND_TIMEOUT_MS), and the instances share their counters again once Redis
 * answers. Two instances on one database and one private redis-server this file starts, freezes
 * and kills (never the shared one); jest.config.mjs runs it once, in the default run.
 *
 * No timed assertions: the longest answer during the freeze and the recovery time are printed;
 * the client's own timeout only fails a request that hangs.
 */
const COMMAND_TIMEOUT_MS = 300;
const CLIENT_TIMEOUT_MS = 10 * COMMAND_TIMEOUT_MS;
const LIMIT = 6;
const WARNING = 'Redis unavailable: rate limits and IP rules use per-instance state until it answers';
const BACK = 'Redis answers again';

describe('faults: a Redis that freezes or dies (private instance, two app instances)', () => {
  let redis: PrivateRedis;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let tenant: TestTenant;
  let nextIp = 1;
  const freshIp = () => `203.0.113.${nextIp++}`;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    db = await createTestDatabase();
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `lt-${randomBytes(4).toString('hex')}:`,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      TRUST_PROXY: 'true',
      RATE_LIMIT_MANAGEMENT: String(LIMIT),
      RATE_LIMIT_AUTH: '1000',
      IP_BLOCK_THRESHOLD: '3',
      IP_RULES_REFRESH_SECONDS: '3600',
    };
    a = await startTestApp({ db, env });
    b = await startTestApp({ db, env });
    tenant = await createTenant(a);
  }, 60_000);

  afterAll(async () => {
    redis?.server.thaw();
    try {
      await b?.close();
      await a?.close();
    } finally {
      await db?.drop();
      await redis?.remove();
    }
  }, 60_000);

  const durations: number[] = [];
  /** A management-tier request from `ip`; fails the test if it gets no answer in time. */
  async function settings(app: TestApp, ip: string): Promise<TestResponse> {
    const started = performance.now();
    try {
      return await app.request('/api/user/settings', {
        headers: { 'X-Forwarded-For': ip, 'User-API-Key': tenant.apiKey },
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
    } catch (e) {
      throw new Error(`no answer within ${CLIENT_TIMEOUT_MS} ms (${(e as Error).message})`);
    } finally {
      durations.push(performance.now() - started);
    }
  }

  /** LIMIT+1 requests from one new client, alternating between the instances: the statuses. */
  async function alternating(): Promise<number[]> {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await settings(i % 2 === 0 ? a : b, ip)).status);
    return statuses;
  }
  const SHARED = [...Array(LIMIT).fill(200), 429];
  // each instance counts alone: LIMIT+1 requests split between two never reach a limit
  const PER_INSTANCE = Array(LIMIT + 1).fill(200);

  /** LIMIT+1 requests from one new client to one instance: its own memory still limits. */
  async function oneInstance(app: TestApp): Promise<number[]> {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await settings(app, ip)).status);
    return statuses;
  }

  // Nest's Logger writes to the logger of the app created last, so both instances' lines are in b.logs
  const warnings = () => b.logs.filter((line) => line.includes(WARNING)).length;
  const ready = (app: TestApp) => app.app.get(SecurityRedis).client?.status === 'ready';

  /** Until both instances' Redis connections are ready again (bounded): the time that took. */
  async function bothReady(limitMs = 30_000): Promise<number> {
    const started = performance.now();
    while (!(ready(a) && ready(b))) {
      if (performance.now() - started > limitMs) throw new Error(`Redis connections not ready within ${limitMs} ms: ${a.app.get(SecurityRedis).client?.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return performance.now() - started;
  }

  /** Failed validations from one client, counted toward IP blocking: each answered (the answer waits for the count). */
  async function failedValidations(app: TestApp, n: number): Promise<number[]> {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const res = await app.request(`/api/license/validate/${tenant.secretKeys.validation}/UNKNOWNREDISFAULT00000000000000000000001`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': ip },
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      durations.push(performance.now() - started);
      statuses.push(res.status);
    }
    await app.app.get(FailedAttemptsListener).settled();
    return statuses;
  }

  it('shares the counters while Redis answers', async () => {
    expect(ready(a) && ready(b)).toBe(true);
    expect(await alternating()).toEqual(SHARED);
  });

  it('limits on each instance alone, without holding requests and with one warning, while Redis is frozen; shares again once it resumes', async () => {
    durations.length = 0;
    redis.server.freeze();
    let frozen: number[];
    let single: number[];
    let failures: number[];
    try {
      frozen = await alternating();
      single = await oneInstance(a);
      failures = await failedValidations(b, 4);
      // 5 s more of requests while frozen: answered, and no second warning
      for (let i = 0, until = Date.now() + 5000; Date.now() < until; i++) expect((await settings(i % 2 ? a : b, freshIp())).status).toBe(200);
    } finally {
      redis.server.thaw();
    }
    const longest = Math.max(...durations);
    const recoveryMs = await bothReady();
    console.log(
      `Redis frozen (REDIS_COMMAND_TIMEOUT_MS=${COMMAND_TIMEOUT_MS}): ${durations.length} answers, longest ${Math.round(longest)} ms; ` +
        `both instances back on Redis ${Math.round(recoveryMs)} ms after SIGCONT`,
    );
    expect(frozen).toEqual(PER_INSTANCE);
    expect(single).toEqual([...Array(LIMIT).fill(200), 429]);
    for (const status of failures) expect(status).toBeLessThan(500);
    // both instances fell back (each counted alone), and each said so once
    expect(warnings()).toBe(2);

    expect(await alternating()).toEqual(SHARED);
    expect(b.logs.filter((line) => line.includes(BACK)).length).toBe(2);
  }, 60_000);

  it('limits on each instance alone while Redis is down, and shares again when it is back', async () => {
    durations.length = 0;
    await redis.server.kill();
    const down = await alternating();
    const single = await oneInstance(b);
    const failures = await failedValidations(a, 4);
    console.log(`Redis killed: ${durations.length} answers, longest ${Math.round(Math.max(...durations))} ms`);
    expect(down).toEqual(PER_INSTANCE);
    expect(single).toEqual([...Array(LIMIT).fill(200), 429]);
    for (const status of failures) expect(status).toBeLessThan(500);
    expect(warnings()).toBe(4);

    await redis.restart();
    const recoveryMs = await bothReady();
    console.log(`Redis restarted: both instances back on it after ${Math.round(recoveryMs)} ms`);
    expect(await alternating()).toEqual(SHARED);
  }, 60_000);
});
