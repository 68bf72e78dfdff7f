import type { MailMessage } from './mail.service';

/** What an expiry reminder says about its license. */
export interface ReminderSubject {
  licenseKey: string;
  email: string;
  firstName: string;
  productRef: string;
  dateExpiry: Date;
}

/** The key with all but its first and last 4 characters replaced by `*` (mail travels in clear). */
export function maskLicenseKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return key.slice(0, 4) + '*'.repeat(key.length - 8) + key.slice(-4);
}

/** `YYYY-MM-DD HH:mm:ss` UTC */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function expiryReminderMail(s: ReminderSubject): MailMessage {
  const when = formatUtc(s.dateExpiry);
  const name = oneLine(s.firstName) || 'there';
  const product = oneLine(s.productRef);
  return {
    to: s.email,
    subject: `Your ${product} license expires on ${when} UTC`,
    text:
      `Hello ${name},\n\n` +
      `your ${product} license ${maskLicenseKey(s.licenseKey)} expires on ${when} UTC.\n` +
      `Renew it before then to keep using ${product} without interruption.\n`,
  };
}
