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

  it('rejects what has no usable host', () => {
    expect(normalizeSiteUrl('')).toBeNull();
    expect(normalizeSiteUrl('   ')).toBeNull();
    expect(normalizeSiteUrl('https://')).toBeNull();
    expect(normalizeSiteUrl('ftp://example.com')).toBeNull();
    expect(normalizeSiteUrl('https://exa mple.com')).toBeNull();
  });
});
