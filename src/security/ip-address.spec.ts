import { clientSubject, parseClientIp, parseIpRange, rangeContains } from './ip-address';

describe('ip-address', () => {
  it('normalizes operator ranges to their network address', () => {
    expect(parseIpRange('10.1.2.3/8')?.text).toBe('10.0.0.0/8');
    expect(parseIpRange(' 203.0.113.7 ')?.text).toBe('203.0.113.7');
    expect(parseIpRange('203.0.113.7/32')?.text).toBe('203.0.113.7');
    expect(parseIpRange('2001:DB8:0:0::1/32')?.text).toBe('2001:db8::/32');
    expect(parseIpRange('2001:db8::1')?.text).toBe('2001:db8::1');
    expect(parseIpRange('0.0.0.0/0')?.text).toBe('0.0.0.0/0');
  });

  it('reads IPv4-mapped IPv6 addresses and ranges as IPv4', () => {
    expect(parseIpRange('::ffff:192.0.2.1')?.text).toBe('192.0.2.1');
    expect(parseIpRange('::ffff:192.0.2.0/120')?.text).toBe('192.0.2.0/24');
    expect(parseClientIp('::ffff:192.0.2.1')?.toString()).toBe('192.0.2.1');
  });

  it('rejects anything that is not a plain address or CIDR', () => {
    for (const bad of ['', ' ', '1.2.3', '1.2.3.4.5', '256.1.1.1', '0x7f.0.0.1', '127.1', '1.2.3.4/33', '1.2.3.4/-1', '1.2.3.4/', '::1/129',
      'fe80::1%eth0', 'example.com', '1.2.3.4/8/8', '../../etc/passwd', "1.2.3.4' OR 1=1", '::ffff:1.2.3.4/64', 'a'.repeat(100)]) {
      expect(parseIpRange(bad)).toBeUndefined();
    }
  });

  it('matches addresses inside a range of the same family only', () => {
    const v4 = parseIpRange('203.0.113.0/24')!;
    expect(rangeContains(v4, parseClientIp('203.0.113.200')!)).toBe(true);
    expect(rangeContains(v4, parseClientIp('203.0.114.1')!)).toBe(false);
    expect(rangeContains(v4, parseClientIp('2001:db8::1')!)).toBe(false);
    const v6 = parseIpRange('2001:db8::/32')!;
    expect(rangeContains(v6, parseClientIp('2001:db8:ffff::1')!)).toBe(true);
    expect(rangeContains(v6, parseClientIp('2001:db9::1')!)).toBe(false);
  });

  it('counts IPv4 clients per address and IPv6 clients per /64', () => {
    expect(clientSubject('198.51.100.4')).toBe('198.51.100.4');
    expect(clientSubject('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(clientSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientSubject('2001:db8:1:2:bbbb::9')).toBe(clientSubject('2001:db8:1:2:aaaa::1'));
    expect(clientSubject('2001:db8:1:3::1')).not.toBe(clientSubject('2001:db8:1:2::1'));
  });
});
