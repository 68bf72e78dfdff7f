import { loadSecurityConfig } from './security.config';

describe('security config', () => {
  it('has the defaults of DECISIONS A5 and the issue', () => {
    const c = loadSecurityConfig({});
    expect(c.rateLimit).toEqual({ enabled: true, auth: 10, management: 30, info: 60, routine: 120, windowMs: 60_000 });
    expect(c.ipBlock).toEqual({ enabled: true, threshold: 10, windowSeconds: 600, durationHours: 1 }); // A5 as amended (issue 9.7)
    expect(c.trustProxy).toBe(false);
    expect(c.ipAllowlist).toEqual([]);
    expect(c.bodyLimitBytes).toBe(1024 * 1024);
    expect(c.requestTimeoutMs).toBe(120_000);
    expect(c.headersTimeoutMs).toBe(20_000);
  });

  it('reads TRUST_PROXY as off, all, a hop count or a list of proxies', () => {
    expect(loadSecurityConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadSecurityConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadSecurityConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadSecurityConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', 'loopback']);
    expect(() => loadSecurityConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY/);
    expect(() => loadSecurityConfig({ TRUST_PROXY: '0' })).toThrow(/TRUST_PROXY/);
  });

  it('reads IP_ALLOWLIST as canonical ranges and refuses bad entries', () => {
    expect(loadSecurityConfig({ IP_ALLOWLIST: '10.1.2.3/8, 2001:db8::1,10.0.0.0/8' }).ipAllowlist).toEqual(['10.0.0.0/8', '2001:db8::1']);
    expect(() => loadSecurityConfig({ IP_ALLOWLIST: '10.0.0.0/8,nope' })).toThrow(/IP_ALLOWLIST.*nope/);
  });

  it('refuses out-of-range limits with the variable named', () => {
    expect(() => loadSecurityConfig({ RATE_LIMIT_AUTH: '0' })).toThrow(/RATE_LIMIT_AUTH/);
    expect(() => loadSecurityConfig({ RATE_LIMIT_ENABLED: 'maybe' })).toThrow(/RATE_LIMIT_ENABLED/);
    expect(() => loadSecurityConfig({ IP_BLOCK_THRESHOLD: 'five' })).toThrow(/IP_BLOCK_THRESHOLD/);
    expect(() => loadSecurityConfig({ BODY_LIMIT_BYTES: '10' })).toThrow(/BODY_LIMIT_BYTES/);
    expect(() => loadSecurityConfig({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX/);
  });
});
