import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';

const HOUR = 3_600_000;
const CRON_TOKEN = 'cron-token-0123456789abcdef';
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const CRON_MSG = /^Auto-expiry cron job run successfully! Updated a total of \d+ license\(s\)\.$/;

/** Bounded wait for something the in-process schedule does on its own. */
async function eventually(check: () => Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

/** CRON_TOKEN, the in-process schedule, and mail without SMTP_URL (recorded, not sent). */
describe('scheduler: CRON_TOKEN, in-process schedule, no SMTP_URL', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...LICENSE_TEST_ENV, CRON_TOKEN, SCHEDULER_ENABLED: 'true', AUTOEXPIRY_INTERVAL_SECONDS: '1', REMINDER_INTERVAL_SECONDS: '1' },
    });
    tenant = await createTenant(t);
  });
  afterAll(async () => t.close());

  it('says at start-up that mail is recorded but not sent without SMTP_URL', () => {
    const line = t.logs.find((l) => l.includes('SMTP_URL is not set'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).level).toBe(40);
  });

  it('refuses a missing or wrong cron token with HTTP 401', async () => {
    const body = { result: 'error', message: 'Authentication required. Please provide a valid cron token.', code: 'AUTHENTICATION_REQUIRED' };
    for (const path of ['autoexpiry-license', 'remind-expiring-license', 'check-abusive-ips', 'clean-blocked-ips']) {
      const missing = await t.request(`/cron/run/${path}`);
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual(body);
    }
    const wrong = await t.request(`/cron/run/autoexpiry-license?token=${CRON_TOKEN}x`);
    expect(wrong.status).toBe(401);
    const wrongHeader = await t.request('/cron/run/autoexpiry-license', { headers: { 'X-Cron-Token': 'nope' } });
    expect(wrongHeader.status).toBe(401);
  });

  it('accepts the token as ?token= or as X-Cron-Token', async () => {
    const byQuery = await t.request(`/cron/run/autoexpiry-license?token=${CRON_TOKEN}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body).toEqual({ success: true, status: 1, msg: expect.stringMatching(CRON_MSG) });
    const byHeader = await t.request('/cron/run/autoexpiry-license', { headers: { 'X-Cron-Token': CRON_TOKEN } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.msg).toMatch(CRON_MSG);
  });

  it('never writes the cron token to the request log', () => {
    expect(t.logs.some((l) => l.includes(CRON_TOKEN))).toBe(false);
  });

  it('expires a due license on its own schedule, without any cron call', async () => {
    const key = await createLicense(t, tenant, { license_type: 'trial', date_expiry: at(-HOUR) });
    await eventually(async () => (await meraf(t, tenant).list('length=100')).body.data.some((r: Record<string, string>) => r.license_key === key && r.license_status === 'expired'), 'auto-expiry');
  });

  it('records a reminder (status recorded, sent no) on its own schedule when SMTP_URL is not set', async () => {
    const key = await createLicense(t, tenant, { license_type: 'trial', date_expiry: at(2 * HOUR), email: 'nosmtp@customer.test' });
    let row: Record<string, string> | undefined;
    await eventually(async () => {
      const res = await t.request(`/api/license/subscribers/${tenant.secretKeys.management}`);
      row = Array.isArray(res.body) ? res.body.find((r: Record<string, string>) => r.license_key === key) : undefined;
      return row !== undefined && row.status !== undefined;
    }, 'reminder row');
    expect(row).toMatchObject({ license_key: key, sent_to: 'nosmtp@customer.test', status: 'recorded', sent: 'no', disable_notifications: '' });
  });
});
