/** Route parameters (as named in the route pattern) that carry secrets or license keys. */
export const SECRET_PARAMS = new Set([
  'secret',
  'secret_key',
  'secretKey',
  'key',
  'license_key',
  'licenseKey',
  'api_key',
  'apiKey',
  'token',
  'signature',
  'sig',
]);
/** Query keys (compared lower-cased) whose values are secrets, license keys or tokens. */
const SECRET_QUERY = new Set([
  's',
  'token',
  'secret',
  'secret_key',
  'secretkey',
  'license',
  'license_key',
  'licensekey',
  'key',
  'signature',
  'sig',
  'api_key',
  'apikey',
  'user-api-key',
  'user_api_key',
  'password',
  'hash',
]);

/**
 * Query keys (compared lower-cased) that carry personal data: the customer fields GET create and
 * the other license and bridge routes take (names, e-mail, company, phone, address), and list
 * searches, which are often an e-mail or a name. Request logs keep no personal data (README "Logs").
 */
const PERSONAL_QUERY = new Set([
  'email',
  'e-mail',
  'mail',
  'user_email',
  'customer_email',
  'billing_email',
  'sent_to',
  'first_name',
  'firstname',
  'last_name',
  'lastname',
  'name',
  'full_name',
  'fullname',
  'username',
  'company',
  'company_name',
  'companyname',
  'phone',
  'telephone',
  'mobile',
  'address',
  'search',
  'q',
  'search[value]',
]);

/** Lower-case words such as `api`, `wp-login.php`; not a User-API-Key or a generated secret. */
const UNMATCHED_KEPT_SEGMENT = /^[a-z0-9._-]{0,32}$/;

/**
 * The request URL as it may be logged: route parameters named in SECRET_PARAMS, secret query
 * values and personal data in the query (PERSONAL_QUERY) replaced by [REDACTED]. Uses the matched route pattern, so the position of the secret
 * in the path does not matter. Unmatched URLs (404s) keep at most their first segment, and only
 * when it looks like a route word: a client that got the route wrong may have put a secret anywhere.
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
    const first = UNMATCHED_KEPT_SEGMENT.test(parts[1] ?? '') ? parts[1] : '[REDACTED]';
    safePath = parts.length > 2 ? `/${first}/[REDACTED]` : `/${first}`;
  }
  if (!query) return safePath;
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      const [k] = splitOnce(pair, '=');
      const key = decodeSafe(k.replace(/\+/g, ' ')).toLowerCase();
      return SECRET_QUERY.has(key) || PERSONAL_QUERY.has(key) ? `${k}=[REDACTED]` : pair;
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
