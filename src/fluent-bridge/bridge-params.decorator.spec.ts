import { mergeBridgeParams } from './bridge-params.decorator';

describe('mergeBridgeParams', () => {
  it('merges the query string and the body, the body winning', () => {
    expect({ ...mergeBridgeParams({ site_url: 'q', product: 'appza' }, { site_url: 'b' }) }).toEqual({ site_url: 'b', product: 'appza' });
  });

  it('turns numbers and booleans into strings and trims strings', () => {
    expect({ ...mergeBridgeParams({}, { item: 12, flag: true, s: '  x  ' }) }).toEqual({ item: '12', flag: 'true', s: 'x' });
  });

  it('ignores a body that is not an object, and prototype keys', () => {
    expect({ ...mergeBridgeParams({ a: '1' }, 'raw text') }).toEqual({ a: '1' });
    const merged = mergeBridgeParams({}, JSON.parse('{"__proto__":{"polluted":1},"constructor":1,"b":"2"}'));
    expect({ ...merged }).toEqual({ b: '2' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps arrays and objects as they are, for validation to reject', () => {
    expect({ ...mergeBridgeParams({ a: ['1', '2'] }, { b: { c: 1 } }) }).toEqual({ a: ['1', '2'], b: { c: 1 } });
  });
});
