import { leadDomainHost, normalizeSiteUrl, siteIsOnDomain } from './site-url';

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

describe('lead domains', () => {
  it('a lead domain is a host, normalized like a site, one leading www. dropped', () => {
    expect(leadDomainHost('example.com')).toBe('example.com');
    expect(leadDomainHost('https://WWW.Example.com/shop')).toBe('example.com');
    expect(leadDomainHost('www.com')).toBe('www.com');
    expect(leadDomainHost('bücher.example')).toBe('xn--bcher-kva.example');
    expect(leadDomainHost('javascript:alert(1)')).toBeNull();
  });

  it('a site is on the domain when its host is the domain or a subdomain of it, on either scheme', () => {
    for (const site of ['https://example.com', 'http://example.com', 'https://www.example.com', 'https://shop.eu.example.com']) {
      expect({ site, on: siteIsOnDomain(site, 'example.com') }).toEqual({ site, on: true });
    }
    expect(siteIsOnDomain('https://example.com', 'www.example.com')).toBe(true);
  });

  it('another site is not: other names, look-alikes, a parent domain, an unusable lead domain', () => {
    for (const site of ['https://evil.test', 'https://notexample.com', 'https://example.com.evil.test', 'https://example.co', 'https://com']) {
      expect({ site, on: siteIsOnDomain(site, 'example.com') }).toEqual({ site, on: false });
    }
    expect(siteIsOnDomain('https://example.com', 'shop.example.com')).toBe(false);
    expect(siteIsOnDomain('https://example.com', '')).toBe(false);
    expect(siteIsOnDomain('https://[2001:db8::1]', '[2001:db8::1]')).toBe(true);
    expect(siteIsOnDomain('https://[2001:db8::2]', '[2001:db8::1]')).toBe(false);
    expect(siteIsOnDomain('https://10.0.0.1', '10.0.0.1')).toBe(true);
  });
});
