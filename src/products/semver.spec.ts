import { compareSemver, isSemver, parseSemver } from './semver';

describe('semver', () => {
  it('accepts versions of the form MAJOR.MINOR.PATCH with optional pre-release and build', () => {
    for (const v of ['0.0.1', '1.2.3', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0-x.7.z.92', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85', 'v2.0.0']) {
      expect(isSemver(v)).toBe(true);
    }
  });

  it('refuses malformed versions', () => {
    for (const v of ['', '1', '1.2', '1.2.3.4', '01.2.3', '1.02.3', '1.2.03', '1.2.3-', '1.2.3-01', '1.2.3+', 'a.b.c', '1.2.3 beta', '../1.2.3', 'x'.repeat(80)]) {
      expect(isSemver(v)).toBe(false);
    }
  });

  it('drops a leading v', () => {
    expect(parseSemver('v1.4.0')?.text).toBe('1.4.0');
  });

  it('orders versions by semver precedence', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.10.0', '2.0.0'];
    for (let i = 0; i < ordered.length - 1; i++) {
      expect(compareSemver(ordered[i], ordered[i + 1])).toBeLessThan(0);
      expect(compareSemver(ordered[i + 1], ordered[i])).toBeGreaterThan(0);
    }
  });

  it('ignores build metadata when comparing', () => {
    expect(compareSemver('1.0.0+a', '1.0.0+b')).toBe(0);
  });
});
