import { dbDate, formatMerafDate, parseUtcDate } from './license-dates';

const iso = (s: string) => parseUtcDate(s)?.toISOString() ?? null;

describe('parseUtcDate', () => {
  it.each([
    ['2026-01-31 12:30:45', '2026-01-31T12:30:45.000Z'],
    ['2026-01-31T12:30:45', '2026-01-31T12:30:45.000Z'],
    ['2026-01-31T12:30:45Z', '2026-01-31T12:30:45.000Z'],
    ['2026-01-31T12:30:45.123Z', '2026-01-31T12:30:45.123Z'],
    ['2026-01-31T14:30:45+02:00', '2026-01-31T12:30:45.000Z'],
    ['2026-01-31T07:30:45-0500', '2026-01-31T12:30:45.000Z'],
    ['2026-01-31', '2026-01-31T00:00:00.000Z'],
    ['2026-01-31 12:30', '2026-01-31T12:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %j as %j (UTC unless an offset is given)', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([['2026-02-30'], ['2025-02-29'], ['2026-13-01'], ['2026-00-10'], ['2026-01-01 24:00:00'], ['2026-01-01 12:60'], ['tomorrow'], ['01/02/2026'], ['1969-12-31'], ['2026-01-01T00:00:00+15:00'], [''], ['2026-01-01; DROP TABLE licenses']])(
    'rejects %j',
    (input) => {
      expect(parseUtcDate(input)).toBeNull();
    },
  );
});

describe('formatMerafDate', () => {
  it('prints YYYY-MM-DD HH:mm:ss in UTC, null for no date', () => {
    expect(formatMerafDate(new Date('2026-01-31T12:30:45.999Z'))).toBe('2026-01-31 12:30:45');
    expect(formatMerafDate(null)).toBeNull();
  });
});

describe('dbDate', () => {
  it('reads SQLite text as UTC and passes Dates through', () => {
    expect(dbDate('2026-01-31 12:30:45.123')?.toISOString()).toBe('2026-01-31T12:30:45.123Z');
    const d = new Date();
    expect(dbDate(d)).toBe(d);
    expect(dbDate(null)).toBeNull();
  });
});
