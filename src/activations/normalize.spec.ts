import { normalizeDevice, normalizeDomain } from './normalize';

const domain = (s: string) => normalizeDomain(s);
const name = (s: string) => {
  const r = normalizeDomain(s);
  return r.ok ? r.name : null;
};

describe('normalizeDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['EXAMPLE.Com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['https://www.example.com', 'example.com'],
    ['http://example.com/path/to?x=1#frag', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['https://user:pass@www.example.com:8443/wp-admin', 'example.com'],
    ['example.com.', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['//example.com/x', 'example.com'],
    ['shop.sub.example.co.uk', 'shop.sub.example.co.uk'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://WWW.München.DE/', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['日本.jp', 'xn--wgv71a.jp'],
    ['localhost', 'localhost'],
    ['192.168.1.10:8080', '192.168.1.10'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(name(input)).toBe(expected);
  });

  it('keeps www when it is the whole name', () => {
    expect(name('www')).toBe('www');
  });

  it.each([
    [''],
    ['   '],
    ['exa mple.com'],
    ['a..b.com'],
    ['-leading.com'],
    ['trailing-.com'],
    ['under_score.com'],
    ['ex%41mple.com'],
    ['<script>alert(1)</script>'],
    ["' OR 1=1 --"],
    ['example.com\u0000'],
    ['exa\u200bmple.com'],
    ['[::1]'],
    [`${'a'.repeat(64)}.com`],
    [`${'abcdefghi.'.repeat(26)}com`],
    ['x'.repeat(3000)],
  ])('rejects %j', (input) => {
    expect(domain(input).ok).toBe(false);
  });
});

describe('normalizeDevice', () => {
  it('trims and keeps case', () => {
    expect(normalizeDevice('  Ann-iPhone  ')).toEqual({ ok: true, name: 'Ann-iPhone' });
    expect(normalizeDevice('ann-iphone')).toEqual({ ok: true, name: 'ann-iphone' });
  });

  it.each([['A1:B2:C3:D4:E5:F6'], ['550e8400-e29b-41d4-a716-446655440000'], ["Ann's MacBook Pro (2)"], ['Zoë’s phone'.replace('’', "'")], ['设备-1']])(
    'accepts %j',
    (input) => {
      expect(normalizeDevice(input)).toEqual({ ok: true, name: input });
    },
  );

  it('accepts 255 characters and rejects 256', () => {
    expect(normalizeDevice('d'.repeat(255)).ok).toBe(true);
    expect(normalizeDevice('d'.repeat(256)).ok).toBe(false);
  });

  it('counts characters, not bytes', () => {
    expect(normalizeDevice('é'.repeat(255)).ok).toBe(true);
  });

  it.each([[''], ['  '], ['dev\u0000ice'], ['dev\nice'], ['dev\u202eice'], ['<script>'], ["x'; DROP TABLE licenses; --"], ['a=b'], ['a"b']])('rejects %j', (input) => {
    expect(normalizeDevice(input).ok).toBe(false);
  });
});
