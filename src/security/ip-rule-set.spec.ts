import { parseIpRange } from './ip-address';
import { configAllowEntries, IpRuleSet } from './ip-rule-set';

const hashOf = (ip: string) => () => `hash:${ip}`;

describe('IpRuleSet', () => {
  const now = 1_000_000;

  it('finds nothing when empty', () => {
    expect(new IpRuleSet().check('203.0.113.1', hashOf('203.0.113.1'), now)).toEqual({ kind: 'none' });
  });

  it('denies addresses inside a deny range and not outside it', () => {
    const set = new IpRuleSet([{ id: 1, type: 'deny', range: parseIpRange('203.0.113.0/24'), expiresAt: null }]);
    expect(set.check('203.0.113.9', hashOf('x'), now).kind).toBe('deny');
    expect(set.check('203.0.114.9', hashOf('x'), now).kind).toBe('none');
  });

  it('lets an allow rule win over a deny rule and an automatic block', () => {
    const set = new IpRuleSet([
      { id: 1, type: 'deny', range: parseIpRange('203.0.113.0/24'), expiresAt: null },
      { id: 2, type: 'deny', ipHash: 'hash:203.0.113.9', expiresAt: null },
      ...configAllowEntries(['203.0.113.9']),
    ]);
    expect(set.check('203.0.113.9', hashOf('203.0.113.9'), now)).toEqual({ kind: 'allow' });
    expect(set.isAllowed('203.0.113.9', now)).toBe(true);
    expect(set.check('203.0.113.10', hashOf('203.0.113.10'), now).kind).toBe('deny');
  });

  it('denies an automatically blocked client by its hash, and hashes only when blocks exist', () => {
    let hashed = 0;
    const counting = (ip: string) => () => {
      hashed++;
      return `hash:${ip}`;
    };
    const rangesOnly = new IpRuleSet([{ id: 1, type: 'deny', range: parseIpRange('192.0.2.0/24'), expiresAt: null }]);
    rangesOnly.check('203.0.113.9', counting('203.0.113.9'), now);
    expect(hashed).toBe(0);
    const set = new IpRuleSet([{ id: 3, type: 'deny', ipHash: 'hash:203.0.113.9', expiresAt: now + 1 }]);
    expect(set.check('203.0.113.9', counting('203.0.113.9'), now)).toMatchObject({ kind: 'deny', rule: { id: 3 } });
    expect(set.check('203.0.113.8', counting('203.0.113.8'), now).kind).toBe('none');
    expect(hashed).toBe(2);
  });

  it('ignores expired rules and blocks', () => {
    const set = new IpRuleSet([
      { id: 1, type: 'deny', range: parseIpRange('203.0.113.0/24'), expiresAt: now },
      { id: 2, type: 'deny', ipHash: 'hash:198.51.100.1', expiresAt: now - 1 },
      { id: 3, type: 'allow', range: parseIpRange('192.0.2.1'), expiresAt: now - 1 },
    ]);
    expect(set.check('203.0.113.9', hashOf('203.0.113.9'), now).kind).toBe('none');
    expect(set.check('198.51.100.1', hashOf('198.51.100.1'), now).kind).toBe('none');
    expect(set.isAllowed('192.0.2.1', now)).toBe(false);
  });

  it('replaces its rules as a whole', () => {
    const set = new IpRuleSet([{ id: 1, type: 'deny', range: parseIpRange('203.0.113.0/24'), expiresAt: null }]);
    set.replace([]);
    expect(set.isEmpty).toBe(true);
    expect(set.check('203.0.113.9', hashOf('x'), now).kind).toBe('none');
  });
});
