import { parseRangeHeader, RangeNotSatisfiableError, resolveRange } from './byte-range';

describe('parseRangeHeader', () => {
  it('reads the three forms of a single byte range', () => {
    expect(parseRangeHeader('bytes=0-99')).toEqual({ start: 0, end: 99 });
    expect(parseRangeHeader('bytes=100-')).toEqual({ start: 100 });
    expect(parseRangeHeader('bytes=-500')).toEqual({ suffix: 500 });
    expect(parseRangeHeader('Bytes = 5 - 9 ')).toEqual({ start: 5, end: 9 });
  });

  it('ignores (whole file) what is absent, malformed, another unit or several ranges', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=-', 'bytes=a-b', 'bytes=9-5', 'items=0-1', 'bytes=0-1,5-9', 'bytes 0-1', 'bytes=1.5-2', 'bytes=0-99999999999999999'])
      expect(parseRangeHeader(header)).toBeUndefined();
  });
});

describe('resolveRange', () => {
  it('clamps the end to the last byte and turns a suffix into the last n bytes', () => {
    expect(resolveRange({ start: 0, end: 99 }, 1000)).toEqual({ start: 0, end: 99 });
    expect(resolveRange({ start: 900, end: 5000 }, 1000)).toEqual({ start: 900, end: 999 });
    expect(resolveRange({ start: 10 }, 1000)).toEqual({ start: 10, end: 999 });
    expect(resolveRange({ suffix: 100 }, 1000)).toEqual({ start: 900, end: 999 });
    expect(resolveRange({ suffix: 5000 }, 1000)).toEqual({ start: 0, end: 999 });
  });

  it('refuses a range that starts past the end, an empty suffix, and any range of an empty file', () => {
    expect(() => resolveRange({ start: 1000 }, 1000)).toThrow(RangeNotSatisfiableError);
    expect(() => resolveRange({ start: 1000, end: 1001 }, 1000)).toThrow(RangeNotSatisfiableError);
    expect(() => resolveRange({ suffix: 0 }, 1000)).toThrow(RangeNotSatisfiableError);
    expect(() => resolveRange({ suffix: 10 }, 0)).toThrow(RangeNotSatisfiableError);
    try {
      resolveRange({ start: 5 }, 3);
    } catch (e) {
      expect((e as RangeNotSatisfiableError).size).toBe(3);
    }
  });
});
