import { randomBytes } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Redis } from 'ioredis';
import { LicenseEvents } from '../src/common/events';
import type { LicenseEventPayload } from '../src/common/events';
import { JobLockService } from '../src/scheduler/job-lock.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';
import { createLicense, LICENSE_TEST_ENV } from './licenses-support';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** Two instances on one database and one Redis: the job lock is shared, each license expires once. */
describe('scheduler: two instances sharing Redis', () => {
  const prefix = `lt-${randomBytes(5).toString('hex')}:`;
  let db: TestDatabase;
  let one: TestApp;
  let two: TestApp;
  let tenant: TestTenant;
  let redis: Redis;
  const events: LicenseEventPayload[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    db = await createTestDatabase();
    const env = { ...LICENSE_TEST_ENV, REDIS_URL, REDIS_KEY_PREFIX: prefix, SCHEDULER_ENABLED: 'false' };
    one = await startTestApp({ db, env });
    two = await startTestApp({ db, env });
    tenant = await createTenant(one);
    for (const app of [one, two]) app.app.get(EventEmitter2).on(LicenseEvents.Expired, (p: LicenseEventPayload) => events.push(p));
  });

  afterAll(async () => {
    await two?.close();
    await one?.close();
    await db?.drop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a job lock taken on one instance is held for the other (Redis SET NX), until released', async () => {
    const token = await one.app.get(JobLockService).acquire('autoexpiry-license');
    expect(token).toMatch(/^redis:/);
    expect(await redis.exists(`${prefix}job-lock:autoexpiry-license`)).toBe(1);
    expect(await two.app.get(JobLockService).acquire('autoexpiry-license')).toBeNull();
    const blocked = await two.request('/cron/run/autoexpiry-license');
    expect(blocked.body).toEqual({ success: true, status: 1, msg: 'Auto-expiry cron job run successfully! Updated a total of 0 license(s).' });
    await one.app.get(JobLockService).release('autoexpiry-license', token!);
    const again = await two.app.get(JobLockService).acquire('autoexpiry-license');
    expect(again).not.toBeNull();
    await two.app.get(JobLockService).release('autoexpiry-license', again!);
  });

  it('10 concurrent calls spread over both instances expire each due license once', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(await createLicense(one, tenant, { license_type: 'trial', date_expiry: at(-(i + 1) * HOUR) }));
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? two : one).request('/cron/run/autoexpiry-license')));
    const total = responses.reduce((s, r) => s + Number(/total of (\d+) license/.exec(r.body.msg as string)![1]), 0);
    expect(total).toBe(keys.length);
    expect(events.map((e) => e.data.license_key).sort()).toEqual([...keys].sort());
  });
});
