import { ConfigError } from './env';
import { loadNotificationsConfig } from './notifications.config';

describe('notifications config', () => {
  it('has the documented defaults', () => {
    const c = loadNotificationsConfig({});
    expect(c).toEqual({
      smtpUrl: undefined,
      mailFrom: 'License Server <no-reply@localhost>',
      cronToken: undefined,
      scheduler: { enabled: true, autoexpiryIntervalSeconds: 60, reminderIntervalSeconds: 3600, cleanBlockedIpsIntervalSeconds: 3600, lockTtlSeconds: 600 },
    });
  });

  it('turns the in-process schedule off by default under NODE_ENV=test, unless SCHEDULER_ENABLED says otherwise', () => {
    expect(loadNotificationsConfig({}, 'test').scheduler.enabled).toBe(false);
    expect(loadNotificationsConfig({ SCHEDULER_ENABLED: 'true' }, 'test').scheduler.enabled).toBe(true);
    expect(loadNotificationsConfig({ SCHEDULER_ENABLED: 'false' }, 'production').scheduler.enabled).toBe(false);
  });

  it('accepts smtp:// and smtps:// URLs only', () => {
    expect(loadNotificationsConfig({ SMTP_URL: 'smtps://u:p@mail.test:465' }).smtpUrl).toBe('smtps://u:p@mail.test:465');
    expect(() => loadNotificationsConfig({ SMTP_URL: 'http://mail.test' })).toThrow(ConfigError);
  });

  it('rejects a short CRON_TOKEN, bad intervals and a multi-line MAIL_FROM', () => {
    expect(() => loadNotificationsConfig({ CRON_TOKEN: 'short' })).toThrow(/CRON_TOKEN/);
    expect(() => loadNotificationsConfig({ AUTOEXPIRY_INTERVAL_SECONDS: '0' })).toThrow(/AUTOEXPIRY_INTERVAL_SECONDS/);
    expect(() => loadNotificationsConfig({ REMINDER_INTERVAL_SECONDS: 'x' })).toThrow(/REMINDER_INTERVAL_SECONDS/);
    expect(() => loadNotificationsConfig({ MAIL_FROM: 'a\nBcc: b@c.test' })).toThrow(/MAIL_FROM/);
  });
});
