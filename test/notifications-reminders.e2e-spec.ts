import { AUTH_FAILED_BODY } from '../src/common/presenters/meraf.presenter';
import { LicenseDeletedListener } from '../src/notifications/license-deleted.listener';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { mailBody, startSmtpSink, SmtpSink } from './helpers/smtp-sink';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const reminderMsg = (n: number) => ({ success: true, status: 1, msg: `Reminder on expiring license cron job run successfully! Updated a total of ${n} license(s).` });
const sub = (offsetMs: number, email: string) => ({ license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: at(offsetMs), email });
const MERAF_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Expiry reminders sent over a real SMTP conversation, and the MERAF subscribers endpoint. */
describe('notifications: expiry reminders and subscribers', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let a: TestTenant;
  let b: TestTenant;
  let off: TestTenant;
  let remindedKey: string;

  const subscribers = (secret: string, query = '') => t.request(`/api/license/subscribers/${secret}${query}`);
  const remind = () => t.request('/cron/run/remind-expiring-license');
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, SCHEDULER_ENABLED: 'false', SMTP_URL: smtp.url, MAIL_FROM: 'Acme Licenses <licenses@acme.test>' } });
    a = await createTenant(t);
    b = await createTenant(t);
    off = await createTenant(t);
    const settings = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': off.apiKey }, json: { sendExpiryReminders: false } });
    expect(settings.status).toBe(200);
    // tenant b reminds 72 hours ahead
    expect((await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': b.apiKey }, json: { expirationReminderHours: 72 } })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('answers 204 RETURNED_EMPTY (HTTP 200) when the tenant has no subscriber rows', async () => {
    const res = await subscribers(a.secretKeys.management);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'error', message: 'No subscribers found.', error_code: 204 });
  });

  it('sends one real SMTP reminder per license expiring within the tenant’s window, with the key masked', async () => {
    remindedKey = await createLicense(t, a, { ...sub(2 * HOUR, 'soon@customer.test'), first_name: 'Sue', product_ref: 'pro-plugin' });
    await createLicense(t, a, sub(48 * HOUR, 'later@customer.test')); // outside a's 24 h window
    await createLicense(t, a, sub(-HOUR, 'past@customer.test')); // already expired
    await createLicense(t, a, { license_type: 'lifetime', date_expiry: at(HOUR), email: 'lifetime@customer.test' });
    await createLicense(t, a, { ...sub(HOUR, 'pending@customer.test'), license_status: 'pending' });
    await createLicense(t, b, sub(48 * HOUR, 'b48@customer.test')); // inside b's 72 h window
    await createLicense(t, off, sub(HOUR, 'off@customer.test')); // tenant turned reminders off

    const res = await remind();
    expect(res.status).toBe(200);
    expect(res.body).toEqual(reminderMsg(2));

    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['b48@customer.test', 'soon@customer.test']);
    const [mail] = mailsTo('soon@customer.test');
    expect(mail.from).toBe('licenses@acme.test');
    expect(mail.data).toMatch(/^Subject: Your pro-plugin license expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/m);
    expect(mail.data).toMatch(/^From: Acme Licenses <licenses@acme\.test>$/m);
    const body = mailBody(mail);
    expect(body).toContain('Hello Sue,');
    expect(body).toContain(`your pro-plugin license ${remindedKey.slice(0, 4) + '*'.repeat(remindedKey.length - 8) + remindedKey.slice(-4)} expires on`);
    expect(body).not.toContain(remindedKey);
    expect(mail.data).not.toContain(remindedKey);
  });

  it('lists the reminder in the subscribers endpoint exactly in the documented shape', async () => {
    const res = await subscribers(a.secretKeys.management);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(1);
    const [row] = res.body;
    expect(Object.keys(row)).toEqual(['id', 'license_key', 'sent_to', 'status', 'sent', 'date_sent', 'disable_notifications']);
    expect(row).toEqual({
      id: expect.stringMatching(/^\d+$/),
      license_key: remindedKey,
      sent_to: 'soon@customer.test',
      status: 'success',
      sent: 'yes',
      date_sent: expect.stringMatching(MERAF_TIME),
      disable_notifications: '',
    });
    expect(Math.abs(Date.parse(row.date_sent.replace(' ', 'T') + 'Z') - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('a second run sends nothing and records nothing', async () => {
    const before = smtp.messages.length;
    expect((await remind()).body).toEqual(reminderMsg(0));
    expect(smtp.messages.length).toBe(before);
    expect((await subscribers(a.secretKeys.management)).body).toHaveLength(1);
  });

  it('accepts the general key too, and refuses the other keys with the generic 403', async () => {
    const general = await subscribers(a.secretKeys.general);
    expect(general.status).toBe(200);
    expect(general.body).toHaveLength(1);
    for (const secret of [a.secretKeys.validation, a.secretKeys.creation, a.secretKeys.activation, 'not-a-key-0123456789']) {
      const res = await subscribers(secret);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(AUTH_FAILED_BODY);
    }
  });

  it('shows each tenant only its own rows', async () => {
    const ofB = await subscribers(b.secretKeys.management);
    expect(ofB.body.map((r: { sent_to: string }) => r.sent_to)).toEqual(['b48@customer.test']);
    const ofOff = await subscribers(off.secretKeys.general);
    expect(ofOff.body.error_code).toBe(204);
  });

  it('rejects a bad limit with a 400 in the MERAF shape', async () => {
    const res = await subscribers(a.secretKeys.management, '?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.result).toBe('error');
    expect(res.body.errors.limit).toBeDefined();
  });

  it('10 concurrent reminder runs send each reminder once', async () => {
    const emails = ['c1@customer.test', 'c2@customer.test', 'c3@customer.test'];
    for (const email of emails) await createLicense(t, a, sub(3 * HOUR, email));
    const responses = await Promise.all(Array.from({ length: 10 }, () => remind()));
    const total = responses.reduce((s, r) => s + Number(/total of (\d+) license/.exec(r.body.msg as string)![1]), 0);
    expect(total).toBe(3);
    for (const email of emails) expect(mailsTo(email)).toHaveLength(1);
    const rows = (await subscribers(a.secretKeys.management)).body as Array<{ sent_to: string }>;
    expect(rows.map((r) => r.sent_to).sort()).toEqual([...emails, 'soon@customer.test'].sort());
  });

  it('records a refused mail as failed, not sent, and does not retry it', async () => {
    smtp.rejectRecipients.add('refused@customer.test');
    const key = await createLicense(t, a, sub(5 * HOUR, 'refused@customer.test'));
    expect((await remind()).body).toEqual(reminderMsg(1));
    const row = ((await subscribers(a.secretKeys.management)).body as Array<Record<string, string>>).find((r) => r.license_key === key)!;
    expect(row.status).toBe('failed');
    expect(row.sent).toBe('no');
    expect((await remind()).body).toEqual(reminderMsg(0));
  });

  it('reminds again when the license gets a new expiry date', async () => {
    const key = await createLicense(t, b, sub(10 * HOUR, 'renewed@customer.test'));
    expect((await remind()).body).toEqual(reminderMsg(1));
    expect((await meraf(t, b).edit({ license_key: key, date_expiry: at(20 * HOUR) })).body.code).toBe(240);
    expect((await remind()).body).toEqual(reminderMsg(1));
    expect(mailsTo('renewed@customer.test')).toHaveLength(2);
  });

  it('deleting a license with option all removes its subscriber rows; license_only keeps them', async () => {
    const keep = await createLicense(t, b, sub(HOUR, 'keep@customer.test'));
    const drop = await createLicense(t, b, sub(HOUR, 'drop@customer.test'));
    expect((await remind()).body).toEqual(reminderMsg(2));
    expect((await meraf(t, b).delete('license_only', keep)).body.error_code).toBe(320);
    expect((await meraf(t, b).delete('all', drop)).body.error_code).toBe(320);
    await t.app.get(LicenseDeletedListener).settled();
    const keys = ((await subscribers(b.secretKeys.management)).body as Array<{ license_key: string }>).map((r) => r.license_key);
    expect(keys).toContain(keep);
    expect(keys).not.toContain(drop);
  });
});
