import { findIllFormedText } from './well-formed-input';

describe('findIllFormedText', () => {
  it('accepts well-formed text, including emoji, RTL marks and NUL', () => {
    expect(findIllFormedText({ a: '😀 ä \u202e x\u0000y', b: [1, true, null, { c: 'ok' }] }, 'body')).toBeUndefined();
  });

  it('finds a lone surrogate in a value, nested or in an array, and in a key', () => {
    expect(findIllFormedText({ email: '\ud800' }, 'body')).toBe('body.email');
    expect(findIllFormedText({ a: [{ b: 'x\udc00' }] }, 'body')).toBe('body.a.0.b');
    expect(findIllFormedText({ ['k\ud800']: 1 }, 'query')).toBe('query');
    expect(findIllFormedText('\ud83d', 'body')).toBe('body');
  });
});
