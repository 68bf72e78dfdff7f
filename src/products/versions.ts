import { SemVer } from 'semver';

/**
 * Release versions: SemVer 2.0.0 (`2.0.0`, `2.0.0-beta.1+exp`) and the shorter and longer
 * numeric versions WordPress plugins use (`1.5`, `1.5.0.1`). Parsing and precedence are the
 * `semver` library's; this file only maps the other shapes onto it:
 *
 * - a version is two or more dot-separated numbers (no leading zeros), optionally followed by a
 *   SemVer pre-release (`-beta.1`) and build metadata (`+exp.sha`); a leading `v` is dropped (a
 *   bare number is not a version: in paths and `?version=` it is a version's id);
 * - the first three numbers are the SemVer core (missing ones count as 0: `1.5` is `1.5.0`);
 * - order: the core as SemVer orders it, then the 4th and later numbers one by one (missing ones
 *   count as 0: `1.5.0` = `1.5.0.0` < `1.5.0.1` < `1.5.1`), then the pre-release as SemVer orders
 *   it (`1.5.0.1-beta` < `1.5.0.1`); build metadata does not count.
 *
 * Two versions of equal precedence and equal build metadata (`1.5` and `1.5.0`) are the same
 * release.
 */
export interface Version {
  /** the text as stored: trimmed, without a leading `v` */
  text: string;
  /** the SemVer of the first three numbers, the pre-release and the build */
  semver: SemVer;
  /** the 4th and later numbers */
  extra: number[];
}

export const VERSION_MAX_LENGTH = 64;

const NUMBER = '(?:0|[1-9]\\d*)';
const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const SHAPE = new RegExp(`^v?(${NUMBER}(?:\\.${NUMBER})+)(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

export const VERSION_FORMAT_HINT = 'two or more dot-separated numbers with an optional SemVer pre-release and build, e.g. 1.5, 1.5.0.1, 2.0.0 or 2.0.0-beta.1';

/** The version, or null when `input` is not one (the semver library validates pre-release and build). */
export function parseVersion(input: unknown): Version | null {
  if (typeof input !== 'string') return null;
  const text = input.trim().replace(/^v/, '');
  if (!text || text.length > VERSION_MAX_LENGTH) return null;
  const m = SHAPE.exec(text);
  if (!m) return null;
  const numbers = m[1].split('.').map(Number);
  if (!numbers.every(Number.isSafeInteger)) return null;
  const core = `${numbers[0]}.${numbers[1] ?? 0}.${numbers[2] ?? 0}${m[2] ? `-${m[2]}` : ''}${m[3] ? `+${m[3]}` : ''}`;
  let semver: SemVer;
  try {
    semver = new SemVer(core); // strict: refuses e.g. a numeric pre-release identifier with a leading zero
  } catch {
    return null;
  }
  return { text, semver, extra: numbers.slice(3) };
}

export function isVersion(input: unknown): boolean {
  return parseVersion(input) !== null;
}

function asVersion(v: Version | string): Version {
  const parsed = typeof v === 'string' ? parseVersion(v) : v;
  if (!parsed) throw new RangeError(`not a version: ${String(v)}`);
  return parsed;
}

/** Precedence: negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareVersions(a: Version | string, b: Version | string): number {
  const x = asVersion(a);
  const y = asVersion(b);
  const main = x.semver.compareMain(y.semver);
  if (main !== 0) return main;
  for (let i = 0; i < Math.max(x.extra.length, y.extra.length); i++) {
    const d = (x.extra[i] ?? 0) - (y.extra[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return x.semver.comparePre(y.semver);
}

/** A pre-release (`2.0.0-beta.1`): never made current on its own. */
export function isPrerelease(v: Version | string): boolean {
  return asVersion(v).semver.prerelease.length > 0;
}

/** The same release: equal precedence and equal build metadata (`1.5` and `1.5.0`). */
export function sameVersion(a: Version | string, b: Version | string): boolean {
  const x = asVersion(a);
  const y = asVersion(b);
  return compareVersions(x, y) === 0 && x.semver.build.join('.') === y.semver.build.join('.');
}
