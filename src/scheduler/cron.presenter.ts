import type { JobName } from './scheduler.service';

/** The cron endpoints' answer, exactly as the spec shows it: `{success, status, msg}`. */
export function cronBody(job: JobName, count: number) {
  return { success: true, status: 1, msg: CRON_MESSAGES[job](count) };
}

export const CRON_MESSAGES: Record<JobName, (n: number) => string> = {
  'autoexpiry-license': (n) => `Auto-expiry cron job run successfully! Updated a total of ${n} license(s).`,
  'remind-expiring-license': (n) => `Reminder on expiring license cron job run successfully! Updated a total of ${n} license(s).`,
  'check-abusive-ips': (n) => `Check abusive IPs cron job run successfully! Updated a total of ${n} IP(s).`,
  'clean-blocked-ips': (n) => `Clean blocked IPs cron job run successfully! Removed a total of ${n} IP(s).`,
};

export const CRON_TOKEN_REQUIRED_BODY = Object.freeze({
  result: 'error',
  message: 'Authentication required. Please provide a valid cron token.',
  code: 'AUTHENTICATION_REQUIRED',
});
