import { formatUtc, trialUsable } from './trial-rules';

describe('free trial rules', () => {
  const now = new Date('2026-05-10T12:00:00.000Z');

  it('a trial is usable while its grace date is today or later (UTC days)', () => {
    expect(trialUsable(new Date('2026-05-11T00:00:00.000Z'), now)).toBe(true);
    expect(trialUsable(new Date('2026-05-10T00:00:00.000Z'), now)).toBe(true);
    expect(trialUsable(new Date('2026-05-10T23:59:59.999Z'), now)).toBe(true);
    expect(trialUsable(new Date('2026-05-09T23:59:59.999Z'), now)).toBe(false);
  });

  it('formats dates as the store does: YYYY-MM-DD HH:mm:ss in UTC', () => {
    expect(formatUtc(new Date('2026-05-10T12:34:56.789Z'))).toBe('2026-05-10 12:34:56');
    expect(formatUtc(null)).toBeNull();
  });
});
