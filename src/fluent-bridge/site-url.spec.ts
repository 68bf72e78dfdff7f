import { normalizeSiteUrl } from './site-url';

describe('normalizeSiteUrl', () => {
  it('adds https:// when the URL has no scheme', () => {
    expect(normalizeSiteUrl('example.com')).toBe('https://example.com');
    expect(normalizeSiteUrl('//example.com/x')).toBe('https://example.com');
  });

  it('keeps an http scheme and lower-cases scheme and host', () => {
    expect(normalizeSiteUrl('HTTP://Shop.Example.COM')).toBe('http://shop.example.com');
  });

  it('drops port, path, query, fragment, credentials and a trailing dot', () => {
    expect(normalizeSiteUrl(' https://user:pw@Example.com.:8443/wp/?a=1#x ')).toBe('https://example.com');
  });

  it('turns IDN hosts into punycode', () => {
    expect(normalizeSiteUrl('https://bücher.example')).toBe('https://xn--bcher-kva.example');
  });

  it('keeps the scheme of http(s) URLs written with backslashes or one slash, as browsers do', () => {
    expect(normalizeSiteUrl('https:\\\\Evil.example\\x')).toBe('https://evil.example');
    expect(normalizeSiteUrl('http:/example.com/wp')).toBe('http://example.com');
  });

  it('rejects hosts no DNS name can be, or longer than the tables hold', () => {
    const label = 'a'.repeat(63);
    expect(normalizeSiteUrl(`https://${'b'.repeat(64)}.com`)).toBeNull();
    expect(normalizeSiteUrl(`https://${[label, label, label, label].join('.')}.com`)).toBeNull();
    const longest = `${[label, label, label].join('.')}.${'c'.repeat(53)}`;
    expect(normalizeSiteUrl(`https://${longest}`)).toBe(`https://${longest}`);
    expect(normalizeSiteUrl('https://[2001:db8::1]:8443/wp')).toBe('https://[2001:db8::1]');
  });

  it('rejects what has no usable host', () => {
    expect(normalizeSiteUrl('')).toBeNull();
    expect(normalizeSiteUrl('   ')).toBeNull();
    expect(normalizeSiteUrl('https://')).toBeNull();
    expect(normalizeSiteUrl('ftp://example.com')).toBeNull();
    expect(normalizeSiteUrl('https://exa mple.com')).toBeNull();
    expect(normalizeSiteUrl('javascript:alert(1)')).toBeNull();
    expect(normalizeSiteUrl('https:')).toBeNull();
  });
});
