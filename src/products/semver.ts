/**
 * Semantic Versioning 2.0.0: parsing and precedence (https://semver.org). Small and strict on
 * purpose: release versions are compared to pick the current one, and a malformed version is
 * refused rather than guessed at. A leading `v` is accepted and dropped (`v1.2.0` is `1.2.0`).
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  build: string[];
  /** the normalized text: no leading `v` */
  text: string;
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
  `^v?(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

export const SEMVER_MAX_LENGTH = 64;

export function parseSemver(input: string): SemVer | null {
  if (typeof input !== 'string' || input.length > SEMVER_MAX_LENGTH) return null;
  const m = SEMVER.exec(input.trim());
  if (!m) return null;
  const [major, minor, patch] = [m[1], m[2], m[3]].map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return {
    major,
    minor,
    patch,
    prerelease: m[4] ? m[4].split('.') : [],
    build: m[5] ? m[5].split('.') : [],
    text: input.trim().replace(/^v/, ''),
  };
}

export function isSemver(input: string): boolean {
  return parseSemver(input) !== null;
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an) return -1; // numeric identifiers have lower precedence than alphanumeric ones
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Precedence: negative when a < b, 0 when equal (build metadata is ignored), positive when a > b. */
export function compareSemver(a: SemVer | string, b: SemVer | string): number {
  const x = typeof a === 'string' ? parseSemver(a) : a;
  const y = typeof b === 'string' ? parseSemver(b) : b;
  if (!x || !y) throw new RangeError('not a semantic version');
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (x[k] !== y[k]) return Math.sign(x[k] - y[k]);
  }
  if (!x.prerelease.length && !y.prerelease.length) return 0;
  if (!x.prerelease.length) return 1; // 1.0.0 > 1.0.0-rc.1
  if (!y.prerelease.length) return -1;
  const n = Math.max(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < n; i++) {
    if (x.prerelease[i] === undefined) return -1;
    if (y.prerelease[i] === undefined) return 1;
    const c = compareIdentifiers(x.prerelease[i], y.prerelease[i]);
    if (c !== 0) return c;
  }
  return 0;
}
