import { clip, formatLogTime } from './log-format';

describe('log formatting', () => {
  it('formats times as YYYY-MM-DD HH:mm:ss in UTC', () => {
    expect(formatLogTime(new Date('2024-01-15T10:30:00.987Z'))).toBe('2024-01-15 10:30:00');
  });

  it('clips to a number of code points without splitting a surrogate pair', () => {
    expect(clip('abcdef', 4)).toBe('abcd');
    expect(clip('ab', 4)).toBe('ab');
    expect(clip('😀😀😀', 2)).toBe('😀😀');
    expect(clip('😀😀', 2)).toBe('😀😀');
  });

  it('turns missing values into empty strings and others into text', () => {
    expect(clip(undefined, 5)).toBe('');
    expect(clip(null, 5)).toBe('');
    expect(clip(12345678, 5)).toBe('12345');
  });
});
