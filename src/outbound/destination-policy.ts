import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses an outgoing call may connect to: public unicast only. Everything else (loopback,
 * RFC 1918, ULA fc00::/7, link-local incl. 169.254.169.254, multicast, unspecified, broadcast,
 * CGNAT 100.64/10, documentation/benchmark/reserved ranges, 6to4/Teredo/NAT64-translated forms
 * of those) is refused. IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) addresses are judged
 * by the IPv4 address they carry.
 *
 * Returns null when the address may be reached, else the name of its range (for the refusal
 * reason). Text that is not an IP address is refused too ("not_an_address").
 */
export function refusedRange(address: string): string | null {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIP(text) === 0) return 'not_an_address';
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(text);
  } catch {
    return 'not_an_address';
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.range() === 'rfc6052') parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

/** The host of a URL without IPv6 brackets; an IP literal in any form the URL parser accepts is already canonical here (0x7f000001 → 127.0.0.1). */
export function urlHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}
