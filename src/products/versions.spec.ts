import { compareVersions, isPrerelease, isVersion, parseVersion, sameVersion } from './versions';

describe('versions', () => {
  it('accepts SemVer and the shorter and longer numeric versions WordPress plugins use', () => {
    for (const v of ['1.5', '1.5.0.1', '1.2.3.4.5', '0.0.1', '1.2.3', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0-x.7.z.92', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85', 'v2.0.0', '1.5-beta.1', '1.5.0.1-rc.2']) {
      expect({ v, ok: isVersion(v) }).toEqual({ v, ok: true });
    }
  });

  it('refuses what is not a version', () => {
    for (const v of ['', 'v', '1', '15', 'v2', '01.2.3', '1.02.3', '1.2.03', '1.2.3-', '1.2.3-01', '1.2.3+', 'a.b.c', 'not.semver', '1.2.3 beta', '1..2', '.1', '1.', '../1.2.3', '1.2.3/x', 'x'.repeat(80), '9'.repeat(20)]) {
      expect({ v, ok: isVersion(v) }).toEqual({ v, ok: false });
    }
  });

  it('drops a leading v and surrounding spaces', () => {
    expect(parseVersion(' v1.4.0 ')?.text).toBe('1.4.0');
    expect(parseVersion('v1.5')?.text).toBe('1.5');
  });

  it('orders SemVer by SemVer precedence', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.10.0', '2.0.0'];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareVersions(ordered[i], ordered[i + 1])).toBeLessThan(0);
      expect(compareVersions(ordered[i + 1], ordered[i])).toBeGreaterThan(0);
    }
  });

  it('orders short and long numeric versions: missing numbers are 0, the 4th and later numbers after the SemVer core, pre-releases last', () => {
    const ordered = ['1.0', '1.4.9.9', '1.5-beta', '1.5', '1.5.0.1-beta', '1.5.0.1', '1.5.0.2', '1.5.0.10', '1.5.1', '1.10', '2.0.0.0.1'];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect({ pair: [ordered[i], ordered[i + 1]], sign: Math.sign(compareVersions(ordered[i], ordered[i + 1])) }).toEqual({ pair: [ordered[i], ordered[i + 1]], sign: -1 });
    }
    expect(compareVersions('1.5', '1.5.0')).toBe(0);
    expect(compareVersions('1.5.0', '1.5.0.0')).toBe(0);
    expect(compareVersions('1.5.0.2-beta', '1.5.0.1')).toBeGreaterThan(0);
  });

  it('ignores build metadata when ordering, but not when telling releases apart', () => {
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(sameVersion('1.0.0+a', '1.0.0+b')).toBe(false);
    expect(sameVersion('1.5', '1.5.0')).toBe(true);
    expect(sameVersion('1.5', '1.5.0.1')).toBe(false);
  });

  it('tells pre-releases', () => {
    expect(isPrerelease('2.0.0-beta.1')).toBe(true);
    expect(isPrerelease('1.5.0.1-rc')).toBe(true);
    expect(isPrerelease('1.5.0.1')).toBe(false);
  });
});
