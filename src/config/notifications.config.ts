import { bool, ConfigError, Env, int, optionalStr, str, url } from './env';

/** Mail (expiry reminders) and the scheduled jobs (README "Scheduler and notifications"). */
export interface NotificationsConfig {
  /** smtp:// or smtps:// URL; unset: mail is recorded (status `recorded`) but not sent */
  smtpUrl?: string;
  /** the From header of every mail */
  mailFrom: string;
  /** when set, the /cron/run/* endpoints require it (`?token=` or `X-Cron-Token`) */
  cronToken?: string;
  scheduler: {
    /** run the jobs on their own schedule in this process (once per cluster, behind a lock) */
    enabled: boolean;
    autoexpiryIntervalSeconds: number;
    reminderIntervalSeconds: number;
    cleanBlockedIpsIntervalSeconds: number;
    /** how long a job's cluster-wide lock lives if its holder dies without releasing it */
    lockTtlSeconds: number;
  };
}

export function loadNotificationsConfig(env: Env, nodeEnv: string = 'development'): NotificationsConfig {
  const cronToken = optionalStr(env, 'CRON_TOKEN');
  if (cronToken !== undefined && cronToken.length < 16) throw new ConfigError('CRON_TOKEN', 'must be at least 16 characters');
  const mailFrom = str(env, 'MAIL_FROM', 'License Server <no-reply@localhost>');
  if (/[\r\n]/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'must be one line');
  return {
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    cronToken,
    scheduler: {
      // off by default under NODE_ENV=test, so suites that do not test it get no background writes
      enabled: bool(env, 'SCHEDULER_ENABLED', nodeEnv !== 'test'),
      autoexpiryIntervalSeconds: int(env, 'AUTOEXPIRY_INTERVAL_SECONDS', 60, 1, 86_400),
      reminderIntervalSeconds: int(env, 'REMINDER_INTERVAL_SECONDS', 3600, 1, 86_400),
      cleanBlockedIpsIntervalSeconds: int(env, 'CLEAN_BLOCKED_IPS_INTERVAL_SECONDS', 3600, 1, 86_400),
      lockTtlSeconds: int(env, 'JOB_LOCK_TTL_SECONDS', 600, 5, 86_400),
    },
  };
}
