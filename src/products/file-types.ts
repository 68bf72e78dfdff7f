/**
 * What a release file may be: its name must be a plain file name (no path), its extension one
 * of the release formats below, and its first bytes must match that format where the format
 * has a signature. The Content-Type a download is served with comes from this table, never
 * from what the uploader claimed.
 */
export interface ReleaseFileType {
  extension: string;
  contentType: string;
  /** true when the head of the file has the format's signature (absent: any content) */
  matches?: (head: Buffer) => boolean;
}

/** Bytes of the head a content check needs (a tar's `ustar` magic sits at offset 257). */
export const HEAD_BYTES = 512;
export const FILE_NAME_MAX = 200;

const starts = (...sigs: Array<number[] | string>) => (head: Buffer) =>
  sigs.some((sig) => {
    const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
    return head.length >= bytes.length && head.subarray(0, bytes.length).equals(bytes);
  });

const ZIP = starts('PK\x03\x04', 'PK\x05\x06');
const GZIP = starts([0x1f, 0x8b]);
const XZ = starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const BZIP2 = starts('BZh');
const TAR = (head: Buffer) => head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
const TEXT = (head: Buffer) => !head.includes(0);

// longest extensions first, so `.tar.gz` wins over `.gz`
const TYPES: ReleaseFileType[] = [
  { extension: '.tar.gz', contentType: 'application/gzip', matches: GZIP },
  { extension: '.tar.xz', contentType: 'application/x-xz', matches: XZ },
  { extension: '.tar.bz2', contentType: 'application/x-bzip2', matches: BZIP2 },
  { extension: '.zip', contentType: 'application/zip', matches: ZIP },
  { extension: '.tgz', contentType: 'application/gzip', matches: GZIP },
  { extension: '.gz', contentType: 'application/gzip', matches: GZIP },
  { extension: '.tar', contentType: 'application/x-tar', matches: TAR },
  { extension: '.xz', contentType: 'application/x-xz', matches: XZ },
  { extension: '.bz2', contentType: 'application/x-bzip2', matches: BZIP2 },
  { extension: '.7z', contentType: 'application/x-7z-compressed', matches: starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { extension: '.rar', contentType: 'application/vnd.rar', matches: starts('Rar!\x1a\x07') },
  { extension: '.jar', contentType: 'application/java-archive', matches: ZIP },
  { extension: '.apk', contentType: 'application/vnd.android.package-archive', matches: ZIP },
  { extension: '.aab', contentType: 'application/octet-stream', matches: ZIP },
  { extension: '.ipa', contentType: 'application/octet-stream', matches: ZIP },
  { extension: '.xpi', contentType: 'application/x-xpinstall', matches: ZIP },
  { extension: '.vsix', contentType: 'application/zip', matches: ZIP },
  { extension: '.nupkg', contentType: 'application/zip', matches: ZIP },
  { extension: '.whl', contentType: 'application/zip', matches: ZIP },
  { extension: '.msix', contentType: 'application/zip', matches: ZIP },
  { extension: '.appx', contentType: 'application/zip', matches: ZIP },
  { extension: '.deb', contentType: 'application/vnd.debian.binary-package', matches: starts('!<arch>\n') },
  { extension: '.rpm', contentType: 'application/x-rpm', matches: starts([0xed, 0xab, 0xee, 0xdb]) },
  { extension: '.msi', contentType: 'application/x-msi', matches: starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
  { extension: '.exe', contentType: 'application/vnd.microsoft.portable-executable', matches: starts('MZ') },
  { extension: '.appimage', contentType: 'application/octet-stream', matches: starts([0x7f, 0x45, 0x4c, 0x46]) },
  { extension: '.pkg', contentType: 'application/octet-stream', matches: starts('xar!') },
  { extension: '.snap', contentType: 'application/octet-stream', matches: starts('hsqs') },
  { extension: '.dmg', contentType: 'application/x-apple-diskimage' },
  { extension: '.phar', contentType: 'application/octet-stream' },
  { extension: '.pdf', contentType: 'application/pdf', matches: starts('%PDF-') },
  { extension: '.txt', contentType: 'text/plain; charset=utf-8', matches: TEXT },
  { extension: '.md', contentType: 'text/markdown; charset=utf-8', matches: TEXT },
  { extension: '.json', contentType: 'application/json', matches: TEXT },
  { extension: '.sha256', contentType: 'text/plain; charset=utf-8', matches: TEXT },
  { extension: '.sig', contentType: 'application/pgp-signature' },
  { extension: '.asc', contentType: 'application/pgp-signature', matches: TEXT },
];

export const ALLOWED_EXTENSIONS = TYPES.map((t) => t.extension);

// path separators, drive/stream colons, characters Windows forbids, control characters
const FORBIDDEN_IN_FILE_NAME = /[\p{Cc}\p{Cf}/\\:*?"<>|]/u;

/** Why a client-given file name is refused (path traversal, hidden, odd characters), or null. */
export function fileNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'the file needs a name';
  if (name.length > FILE_NAME_MAX) return `the file name must be at most ${FILE_NAME_MAX} characters`;
  if (FORBIDDEN_IN_FILE_NAME.test(name)) return 'the file name must be a plain name: no path, control characters or \\ / : * ? " < > |';
  if (name.startsWith('.') || name.endsWith('.') || name.endsWith(' ') || name.startsWith(' ')) {
    return 'the file name must not start or end with a dot or a space';
  }
  if (!releaseFileType(name)) return `the file type is not accepted; use one of ${ALLOWED_EXTENSIONS.join(' ')}`;
  return null;
}

export function releaseFileType(name: string): ReleaseFileType | null {
  const lower = name.toLowerCase();
  return TYPES.find((t) => lower.endsWith(t.extension) && lower.length > t.extension.length) ?? null;
}

/** Whether the first bytes are what the file's extension says. */
export function contentMatchesType(type: ReleaseFileType, head: Buffer): boolean {
  return type.matches ? type.matches(head) : true;
}
