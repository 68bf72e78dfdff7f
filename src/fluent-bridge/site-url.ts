/** The widest normalized site URL the tables hold (`site_url` columns are 255 characters). */
export const MAX_SITE_URL_LENGTH = 255;

/**
 * The original bridge's `normalizeUrl`: adds `https://` when the URL has no scheme, lower-cases
 * scheme and host, drops credentials, port, path, query and fragment. IDN hosts become punycode
 * (WHATWG URL). Returns null when there is no usable host: not http(s), not a host name a DNS
 * name can be (labels over 63, names over 253 characters), or longer than the tables hold.
 */
export function normalizeSiteUrl(input: string): string | null {
  let value = input.trim();
  if (value === '') return null;
  // `https:\\host` and `https:/host` are http(s) URLs to the WHATWG parser (as to browsers): keep their scheme
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:/i.test(value)) value = `https://${value.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host || !/^[a-z0-9.\-[\]:_]+$/.test(host)) return null;
  if (!host.startsWith('[') && (host.length > 253 || host.split('.').some((label) => label.length > 63))) return null;
  const normalized = `${url.protocol}//${host}`;
  return normalized.length <= MAX_SITE_URL_LENGTH ? normalized : null;
}

/**
 * The host a lead's domain names (`example.com`, `https://www.Example.com/shop` → `example.com`):
 * normalized as a site URL, one leading `www.` dropped. Null when it names no site.
 */
export function leadDomainHost(domain: string): string | null {
  const site = normalizeSiteUrl(domain);
  return site ? new URL(site).hostname.replace(/^www\.(?=.+\..)/, '') : null;
}

/**
 * Whether a normalized site URL is on a lead's domain: its host is the domain or a subdomain of it
 * (`https://shop.example.com` is on `example.com`; `https://example.com.evil.test` and
 * `https://notexample.com` are not). Either scheme.
 */
export function siteIsOnDomain(site: string, domain: string): boolean {
  const host = leadDomainHost(domain);
  if (!host) return false;
  const siteHost = new URL(site).hostname;
  return siteHost === host || (!host.startsWith('[') && siteHost.endsWith(`.${host}`));
}
