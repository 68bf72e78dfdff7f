import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** An address range as an operator typed it, normalized: `203.0.113.0/24`, `2001:db8::/32`, or a single address. */
export interface IpRange {
  address: IpAddress;
  bits: number;
  /** canonical text: the network address, plus `/bits` unless the range is a single address */
  text: string;
}

/** IPv6 clients are rate-limited and blocked per /64: one subscriber line usually owns a whole /64. */
export const IPV6_SUBJECT_PREFIX = 64;

/**
 * Parses a client address as Fastify reports it (`request.ip`). IPv4-mapped IPv6 addresses
 * (`::ffff:192.0.2.1`) become IPv4. Returns undefined for anything that is not an address.
 */
export function parseClientIp(ip: string | undefined): IpAddress | undefined {
  if (!ip) return undefined;
  try {
    return ipaddr.process(ip);
  } catch {
    return undefined;
  }
}

function strictAddress(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return undefined;
}

/**
 * Parses an operator's IP or CIDR: IPv4 in four-part decimal, IPv6 without a zone id,
 * optional `/bits`. Host bits are cleared (`10.1.2.3/8` becomes `10.0.0.0/8`).
 * Returns undefined when the text is not one of those.
 */
export function parseIpRange(input: string): IpRange | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  const slash = text.indexOf('/');
  const addrText = slash === -1 ? text : text.slice(0, slash);
  const bitsText = slash === -1 ? undefined : text.slice(slash + 1);
  let address = strictAddress(addrText);
  if (!address) return undefined;
  const mappedV4 = address.kind() === 'ipv4' && addrText.includes(':');
  const max = address.kind() === 'ipv4' ? 32 : 128;
  let bits = max;
  if (bitsText !== undefined) {
    if (!/^\d{1,3}$/.test(bitsText)) return undefined;
    bits = Number(bitsText);
    if (mappedV4) {
      if (bits < 96) return undefined;
      bits -= 96;
    }
    if (bits > max) return undefined;
  }
  address = networkAddress(address, bits);
  return { address, bits, text: bits === max ? address.toString() : `${address.toString()}/${bits}` };
}

function networkAddress(address: IpAddress, bits: number): IpAddress {
  const bytes = address.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  return range.address.kind() === address.kind() && address.match(range.address, range.bits);
}

/**
 * What a client is counted and blocked as: its IPv4 address, or its IPv6 /64 network.
 * Unparseable input is returned as it is (it can still be hashed and compared).
 */
export function clientSubject(ip: string | undefined): string {
  const address = parseClientIp(ip);
  if (!address) return ip ?? 'unknown';
  if (address.kind() === 'ipv4') return address.toString();
  return `${networkAddress(address, IPV6_SUBJECT_PREFIX).toString()}/${IPV6_SUBJECT_PREFIX}`;
}
