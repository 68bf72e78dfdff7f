import { IpAddress, IpRange, parseClientIp, parseIpRange, rangeContains } from './ip-address';

export interface IpRuleEntry {
  /** null for rules that come from configuration (IP_ALLOWLIST) */
  id: number | null;
  type: 'allow' | 'deny';
  /** operator and configuration rules */
  range?: IpRange;
  /** automatic blocks: keyed hash of the client subject */
  ipHash?: string;
  /** epoch ms; null = no expiry */
  expiresAt: number | null;
}

export type IpVerdict = { kind: 'allow' } | { kind: 'deny'; rule: IpRuleEntry } | { kind: 'none' };

const ALLOW: IpVerdict = { kind: 'allow' };
const NONE: IpVerdict = { kind: 'none' };

/**
 * The rules one instance holds in memory, for the per-request check. Allow rules win over deny
 * rules and automatic blocks ("allow-listed addresses are never blocked"). Expired entries are
 * ignored here; the service drops them on its next reload.
 */
export class IpRuleSet {
  private allow: IpRuleEntry[] = [];
  private deny: IpRuleEntry[] = [];
  private blocks = new Map<string, IpRuleEntry>();

  constructor(entries: IpRuleEntry[] = []) {
    this.replace(entries);
  }

  replace(entries: IpRuleEntry[]): void {
    const allow: IpRuleEntry[] = [];
    const deny: IpRuleEntry[] = [];
    const blocks = new Map<string, IpRuleEntry>();
    for (const e of entries) {
      if (e.ipHash) blocks.set(e.ipHash, e);
      else if (e.range) (e.type === 'allow' ? allow : deny).push(e);
    }
    this.allow = allow;
    this.deny = deny;
    this.blocks = blocks;
  }

  get isEmpty(): boolean {
    return this.allow.length === 0 && this.deny.length === 0 && this.blocks.size === 0;
  }

  /**
   * The verdict for a client address. `subjectHash` is called only when automatic blocks exist
   * (it costs an HMAC).
   */
  check(ip: string | undefined, subjectHash: () => string, now = Date.now()): IpVerdict {
    if (this.isEmpty) return NONE;
    const address = parseClientIp(ip);
    if (address && this.matches(this.allow, address, now)) return ALLOW;
    if (address) {
      const rule = this.firstMatch(this.deny, address, now);
      if (rule) return { kind: 'deny', rule };
    }
    if (this.blocks.size > 0) {
      const block = this.blocks.get(subjectHash());
      if (block && live(block, now)) return { kind: 'deny', rule: block };
    }
    return NONE;
  }

  isAllowed(ip: string | undefined, now = Date.now()): boolean {
    if (this.allow.length === 0) return false;
    const address = parseClientIp(ip);
    return address !== undefined && this.matches(this.allow, address, now);
  }

  private matches(list: IpRuleEntry[], address: IpAddress, now: number): boolean {
    return this.firstMatch(list, address, now) !== undefined;
  }

  private firstMatch(list: IpRuleEntry[], address: IpAddress, now: number): IpRuleEntry | undefined {
    for (const e of list) if (live(e, now) && rangeContains(e.range!, address)) return e;
    return undefined;
  }
}

function live(e: IpRuleEntry, now: number): boolean {
  return e.expiresAt === null || e.expiresAt > now;
}

/** Allow entries for IP_ALLOWLIST (already validated by the config loader). */
export function configAllowEntries(cidrs: string[]): IpRuleEntry[] {
  return cidrs.map((c) => ({ id: null, type: 'allow' as const, range: parseIpRange(c)!, expiresAt: null }));
}
