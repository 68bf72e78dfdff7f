/** `YYYY-MM-DD HH:mm:ss` in UTC: the MERAF `time` format. */
export function formatLogTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * `value` as a string of at most `max` characters (Unicode code points, as MySQL counts
 * them), so a surrogate pair is never cut in half. Missing values become ''.
 */
export function clip(value: unknown, max: number): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, max).join('');
}
