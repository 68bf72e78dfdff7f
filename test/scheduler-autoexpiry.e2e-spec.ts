import { EventEmitter2 } from '@nestjs/event-emitter';
import { LicenseEvents } from '../src/common/events';
import type { LicenseEventPayload } from '../src/common/events';
import { IpRulesService } from '../src/security/ip-rules.service';
import { JobLock } from '../src/scheduler/entities/job-lock.entity';
import { JobLockService } from '../src/scheduler/job-lock.service';
import { DataSource } from 'typeorm';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const autoexpiryMsg = (n: number) => ({ success: true, status: 1, msg: `Auto-expiry cron job run successfully! Updated a total of ${n} license(s).` });
const subscription = (offsetMs: number) => ({ license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: at(offsetMs) });
const trial = (offsetMs: number) => ({ license_type: 'trial', date_expiry: at(offsetMs) });

/** GET /cron/run/autoexpiry-license, check-abusive-ips, clean-blocked-ips (no CRON_TOKEN: open). */
describe('scheduler: auto-expiry and the IP jobs over /cron/run', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  const expiredEvents: LicenseEventPayload[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, SCHEDULER_ENABLED: 'false' } });
    a = await createTenant(t);
    b = await createTenant(t);
    t.app.get(EventEmitter2).on(LicenseEvents.Expired, (p: LicenseEventPayload) => expiredEvents.push(p));
  });
  afterAll(async () => t.close());

  it('expires exactly the due trial and subscription licenses of every tenant, not lifetime, future or non-active ones', async () => {
    const dueTrial = await createLicense(t, a, trial(-HOUR));
    const dueSubscription = await createLicense(t, a, subscription(-60_000));
    const lifetimePast = await createLicense(t, a, { license_type: 'lifetime', date_expiry: at(-HOUR) });
    const futureTrial = await createLicense(t, a, trial(10 * 24 * HOUR));
    const pendingDue = await createLicense(t, a, { ...trial(-HOUR), license_status: 'pending' });
    const blockedDue = await createLicense(t, a, { ...subscription(-HOUR), license_status: 'blocked' });
    const dueOfB = await createLicense(t, b, trial(-HOUR));

    const res = await t.request('/cron/run/autoexpiry-license');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(autoexpiryMsg(3));
    expect(Object.keys(res.body)).toEqual(['success', 'status', 'msg']);

    const ma = meraf(t, a);
    for (const key of [dueTrial, dueSubscription]) {
      const v = await ma.validate(key);
      expect(v.body.error_code).toBe(101);
    }
    expect((await meraf(t, b).validate(dueOfB)).body.error_code).toBe(101);
    expect((await ma.validate(lifetimePast)).body.error_code).toBe(100);
    expect((await ma.validate(futureTrial)).body.error_code).toBe(100);

    const list = await ma.list('length=100');
    const byKey = new Map<string, string>((list.body.data as Array<Record<string, string>>).map((r) => [r.license_key, r.license_status]));
    expect(byKey.get(dueTrial)).toBe('expired');
    expect(byKey.get(dueSubscription)).toBe('expired');
    expect(byKey.get(lifetimePast)).toBe('active');
    expect(byKey.get(futureTrial)).toBe('active');
    expect(byKey.get(pendingDue)).toBe('pending');
    expect(byKey.get(blockedDue)).toBe('blocked');

    expect(expiredEvents.map((e) => e.data.license_key).sort()).toEqual([dueTrial, dueSubscription, dueOfB].sort());
    const ofB = expiredEvents.find((e) => e.data.license_key === dueOfB)!;
    expect(ofB.tenantId).toBe(b.id);
    expect(ofB.event).toBe(LicenseEvents.Expired);
    expect(ofB.data.license_status).toBe('expired');

    const logs = await ma.logs(dueTrial);
    expect(logs.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ action_type: 'license_updated', details: 'License expired (auto-expiry)', is_valid: 'yes' })]));
  });

  it('is idempotent: a second run expires nothing and publishes nothing', async () => {
    const before = expiredEvents.length;
    const res = await t.request('/cron/run/autoexpiry-license');
    expect(res.body).toEqual(autoexpiryMsg(0));
    expect(expiredEvents.length).toBe(before);
  });

  it('10 concurrent calls expire each due license once and publish one event per license', async () => {
    const keys = [
      await createLicense(t, a, trial(-HOUR)),
      await createLicense(t, a, subscription(-HOUR)),
      await createLicense(t, b, trial(-5 * HOUR)),
      await createLicense(t, b, subscription(-2 * HOUR)),
      await createLicense(t, a, trial(-1000)),
    ];
    const before = expiredEvents.length;
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.request('/cron/run/autoexpiry-license')));
    const counts = responses.map((r) => {
      expect(r.status).toBe(200);
      const m = /Updated a total of (\d+) license\(s\)\.$/.exec(r.body.msg as string);
      expect(m).not.toBeNull();
      return Number(m![1]);
    });
    expect(counts.reduce((s, n) => s + n, 0)).toBe(keys.length);
    const fired = expiredEvents.slice(before).map((e) => e.data.license_key);
    expect(fired.sort()).toEqual([...keys].sort());
  });

  it('a license whose expiry was extended before the run is not expired', async () => {
    const key = await createLicense(t, a, trial(-HOUR));
    const edit = await meraf(t, a).edit({ license_key: key, date_expiry: at(48 * HOUR) });
    expect(edit.body.code).toBe(240);
    const res = await t.request('/cron/run/autoexpiry-license');
    expect(res.body).toEqual(autoexpiryMsg(0));
    expect((await meraf(t, a).validate(key)).body.error_code).toBe(100);
  });

  it('check-abusive-ips answers success with 0 (blocking is event-driven)', async () => {
    const res = await t.request('/cron/run/check-abusive-ips');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, status: 1, msg: 'Check abusive IPs cron job run successfully! Updated a total of 0 IP(s).' });
  });

  it('clean-blocked-ips removes the expired IP rules only', async () => {
    const rules = t.app.get(IpRulesService);
    await rules.create({ type: 'deny', ip: '198.51.100.10', expiresAt: new Date(Date.now() - HOUR) });
    await rules.create({ type: 'deny', ip: '198.51.100.11', expiresAt: new Date(Date.now() - 1000) });
    await rules.create({ type: 'deny', ip: '198.51.100.12', expiresAt: new Date(Date.now() + HOUR) });
    const res = await t.request('/cron/run/clean-blocked-ips');
    expect(res.body).toEqual({ success: true, status: 1, msg: 'Clean blocked IPs cron job run successfully! Removed a total of 2 IP(s).' });
    const left = (await rules.list({ type: 'deny' })).map((r) => r.ip);
    expect(left).toContain('198.51.100.12');
    expect((await t.request('/cron/run/clean-blocked-ips')).body.msg).toBe('Clean blocked IPs cron job run successfully! Removed a total of 0 IP(s).');
  });

  it('without Redis, the job lock is a database row: held until released, taken over once expired', async () => {
    const locks = t.app.get(JobLockService);
    const token = await locks.acquire('autoexpiry-license');
    expect(token).toMatch(/^db:/);
    expect(await locks.acquire('autoexpiry-license')).toBeNull();
    // a call while the job is locked returns at once with 0, even with a due license waiting
    const key = await createLicense(t, a, trial(-HOUR));
    expect((await t.request('/cron/run/autoexpiry-license')).body).toEqual(autoexpiryMsg(0));
    await locks.release('autoexpiry-license', token!);
    expect((await t.request('/cron/run/autoexpiry-license')).body).toEqual(autoexpiryMsg(1));
    expect((await meraf(t, a).validate(key)).body.error_code).toBe(101);

    const stale = await locks.acquire('clean-blocked-ips');
    expect(stale).not.toBeNull();
    await t.app.get(DataSource).getRepository(JobLock).update({ name: 'clean-blocked-ips' }, { expiresAt: new Date(Date.now() - 1000) });
    const takeover = await locks.acquire('clean-blocked-ips');
    expect(takeover).not.toBeNull();
    await locks.release('clean-blocked-ips', stale!); // the old holder's release must not free the new holder's lock
    expect(await locks.acquire('clean-blocked-ips')).toBeNull();
    await locks.release('clean-blocked-ips', takeover!);
  });

  it('survives bursts of concurrent calls on every job: all 200, no deadlock (InnoDB) or busy error, exactly one run does the work', async () => {
    for (const job of ['autoexpiry-license', 'clean-blocked-ips', 'check-abusive-ips', 'remind-expiring-license']) {
      for (let round = 0; round < 3; round++) {
        const responses = await Promise.all(Array.from({ length: 20 }, () => t.request(`/cron/run/${job}`)));
        expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
        expect(responses.every((r) => r.body.success === true && r.body.status === 1)).toBe(true);
      }
    }
    const key = await createLicense(t, a, trial(-HOUR));
    const burst = await Promise.all(Array.from({ length: 20 }, () => t.request('/cron/run/autoexpiry-license')));
    const counts = burst.map((r) => Number(/total of (\d+)/.exec(r.body.msg)![1]));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect((await meraf(t, a).validate(key)).body.error_code).toBe(101);
  });

  it('answers the contract 404 for an unknown job', async () => {
    const res = await t.request('/cron/run/no-such-job');
    expect(res.status).toBe(404);
  });
});
