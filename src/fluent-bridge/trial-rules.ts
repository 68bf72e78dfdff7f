/** Date rules of free trials and the store's date format. */

/** `YYYY-MM-DD HH:mm:ss` in UTC, the format the store uses. */
export function formatUtc(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 19).replace('T', ' ') : null;
}

/** A trial is usable while its grace date (UTC day) is today or later, as the original compared dates. */
export function trialUsable(graceEndsAt: Date, now: Date = new Date()): boolean {
  return graceEndsAt.toISOString().slice(0, 10) >= now.toISOString().slice(0, 10);
}
