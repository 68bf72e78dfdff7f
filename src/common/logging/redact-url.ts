/** Route parameters and query keys that carry secrets or license keys. */
export const SECRET_PARAMS = new Set(['secret', 'secret_key', 'key', 'license_key', 'token', 'signature', 'sig']);
const SECRET_QUERY = new Set(['s', 'token', 'secret', 'secret_key', 'license_key', 'key', 'signature', 'sig', 'api_key']);

/**
 * The request URL as it may be logged: route parameters named in SECRET_PARAMS and secret query
 * values replaced by [REDACTED]. Uses the matched route pattern, so the position of the secret
 * in the path does not matter. Unmatched URLs keep only their path's first two segments.
 */
export function redactUrl(url: string, routePattern: string | undefined): string {
  const [path, query] = splitOnce(url, '?');
  let safePath: string;
  if (routePattern) {
    const patternParts = routePattern.split('/');
    const pathParts = path.split('/');
    safePath = pathParts
      .map((part, i) => {
        const p = patternParts[i];
        if (p === undefined) return '[REDACTED]';
        if (p.startsWith(':')) return SECRET_PARAMS.has(p.slice(1)) ? '[REDACTED]' : part;
        if (p === '*') return '[REDACTED]';
        return part;
      })
      .join('/');
  } else {
    const parts = path.split('/');
    safePath = parts.length > 3 ? [...parts.slice(0, 3), '[REDACTED]'].join('/') : path;
  }
  if (!query) return safePath;
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      const [k] = splitOnce(pair, '=');
      return SECRET_QUERY.has(decodeSafe(k).toLowerCase()) ? `${k}=[REDACTED]` : pair;
    })
    .join('&');
  return `${safePath}?${redactedQuery}`;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
