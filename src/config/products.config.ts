import { isAbsolute, resolve } from 'node:path';
import { Env, int, optionalStr, url } from './env';

/** Products, release files and licensed downloads. */
export interface ProductsConfig {
  /** Largest release file accepted, in bytes (enforced while the upload streams). */
  uploadMaxBytes: number;
  /** Lifetime of a signed download URL, in seconds. */
  downloadUrlTtlSeconds: number;
  /** Folder of the local-disk file storage. */
  filesDir: string;
  /** Base of the download URLs handed out (scheme://host[:port][/prefix]); unset: taken from the request. */
  downloadBaseUrl?: string;
}

export const DEFAULT_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

export function loadProductsConfig(env: Env, dataDir: string, cwd: string): ProductsConfig {
  const filesDir = optionalStr(env, 'FILE_STORAGE_DIR');
  const base = url(env, 'DOWNLOAD_BASE_URL', ['http:', 'https:']);
  return Object.freeze({
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', DEFAULT_UPLOAD_MAX_BYTES, 1, 64 * 1024 * 1024 * 1024),
    downloadUrlTtlSeconds: int(env, 'DOWNLOAD_URL_TTL_SECONDS', 300, 10, 7 * 24 * 3600),
    filesDir: filesDir ? (isAbsolute(filesDir) ? filesDir : resolve(cwd, filesDir)) : resolve(dataDir, 'files'),
    downloadBaseUrl: base?.replace(/\/+$/, ''),
  });
}
