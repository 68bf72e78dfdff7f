import { ConfigError, Env, optionalStr } from './env';

/** Browsers on other origins (README "Configuration", CORS_ORIGINS). */
export interface CorsConfig {
  /** exact origins (`https://shop.example.com`) allowed to call the API from a browser; empty: CORS is off */
  readonly origins: readonly string[];
}

/**
 * CORS_ORIGINS: comma-separated origins, each `http(s)://host[:port]` with nothing after it (a
 * trailing slash is dropped), or `*` for any origin. Unset: no CORS headers at all.
 */
export function loadCorsConfig(env: Env): CorsConfig {
  const value = optionalStr(env, 'CORS_ORIGINS');
  const origins = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry === '*') return entry;
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new ConfigError('CORS_ORIGINS', `must list origins such as https://app.example.com (bad entry "${entry}")`);
      }
      const origin = entry.replace(/\/$/, '');
      if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin.toLowerCase()) {
        throw new ConfigError('CORS_ORIGINS', `entries are a scheme, host and optional port, no path or query (bad entry "${entry}")`);
      }
      return url.origin;
    });
  if (origins.includes('*') && origins.length > 1) throw new ConfigError('CORS_ORIGINS', 'is either * or a list of origins, not both');
  return Object.freeze({ origins: Object.freeze([...new Set(origins)]) });
}
