/**
 * The original bridge's `normalizeUrl`: adds `https://` when the URL has no scheme, lower-cases
 * scheme and host, drops credentials, port, path, query and fragment. IDN hosts become punycode
 * (WHATWG URL). Returns null when there is no usable host.
 */
export function normalizeSiteUrl(input: string): string | null {
  let value = input.trim();
  if (value === '') return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `https://${value.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host || !/^[a-z0-9.\-[\]:_]+$/.test(host)) return null;
  return `${url.protocol}//${host}`;
}
