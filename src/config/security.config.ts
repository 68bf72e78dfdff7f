import { parseIpRange } from '../security/ip-address';
import { bool, ConfigError, Env, int, optionalStr, str } from './env';

/** What Fastify's `trustProxy` option gets: off, all hops, a hop count, or the proxies' addresses. */
export type TrustProxySetting = boolean | number | string[];

/** Rate limits, IP blocking, proxies, body and time limits (README "Security"). */
export interface SecurityConfig {
  rateLimit: {
    enabled: boolean;
    /** requests per minute and client IP, per tier */
    auth: number;
    management: number;
    info: number;
    routine: number;
    windowMs: number;
  };
  trustProxy: TrustProxySetting;
  ipBlock: {
    enabled: boolean;
    threshold: number;
    windowSeconds: number;
    durationHours: number;
  };
  /** canonical IPs/CIDRs from IP_ALLOWLIST */
  ipAllowlist: string[];
  /** how often each instance re-reads the IP rules from the database (the fallback without Redis) */
  ipRulesRefreshSeconds: number;
  /** prefix of every Redis key and channel this server uses */
  redisKeyPrefix: string;
  bodyLimitBytes: number;
  /** whole request (headers and body) must arrive within this; 0 disables */
  requestTimeoutMs: number;
  /** the headers must arrive within this (at most requestTimeoutMs) */
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(env: Env): TrustProxySetting {
  const value = optionalStr(env, 'TRUST_PROXY');
  if (value === undefined) return false;
  const v = value.toLowerCase();
  if (['false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 32) throw new ConfigError('TRUST_PROXY', 'as a hop count must be between 1 and 32');
    return hops;
  }
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of list) {
    if (!PROXY_KEYWORDS.has(item.toLowerCase()) && !parseIpRange(item)) {
      throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count, or a list of proxy IPs/CIDRs (bad entry "${item}")`);
    }
  }
  return list.map((item) => (PROXY_KEYWORDS.has(item.toLowerCase()) ? item.toLowerCase() : parseIpRange(item)!.text));
}

export function parseIpAllowlist(env: Env): string[] {
  const value = optionalStr(env, 'IP_ALLOWLIST');
  if (value === undefined) return [];
  const out: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const range = parseIpRange(item);
    if (!range) throw new ConfigError('IP_ALLOWLIST', `must be a comma-separated list of IPs or CIDRs (bad entry "${item}")`);
    if (!out.includes(range.text)) out.push(range.text);
  }
  return out;
}

export function loadSecurityConfig(env: Env): SecurityConfig {
  const prefix = str(env, 'REDIS_KEY_PREFIX', 'license-server:');
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix)) throw new ConfigError('REDIS_KEY_PREFIX', 'must be 1-64 characters of A-Z a-z 0-9 : _ . -');
  return {
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', true),
      auth: int(env, 'RATE_LIMIT_AUTH', 10, 1, 1_000_000),
      management: int(env, 'RATE_LIMIT_MANAGEMENT', 30, 1, 1_000_000),
      info: int(env, 'RATE_LIMIT_INFO', 60, 1, 1_000_000),
      routine: int(env, 'RATE_LIMIT_ROUTINE', 120, 1, 1_000_000),
      windowMs: 60_000,
    },
    trustProxy: parseTrustProxy(env),
    ipBlock: {
      enabled: bool(env, 'IP_BLOCK_ENABLED', true),
      threshold: int(env, 'IP_BLOCK_THRESHOLD', 10, 1, 1_000_000),
      windowSeconds: int(env, 'IP_BLOCK_WINDOW_SECONDS', 600, 1, 86_400),
      durationHours: int(env, 'IP_BLOCK_DURATION_HOURS', 1, 1, 24 * 365),
    },
    ipAllowlist: parseIpAllowlist(env),
    ipRulesRefreshSeconds: int(env, 'IP_RULES_REFRESH_SECONDS', 30, 1, 3600),
    redisKeyPrefix: prefix,
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 120_000, 0, 3_600_000),
    headersTimeoutMs: int(env, 'HEADERS_TIMEOUT_MS', 20_000, 1_000, 3_600_000),
    keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 1_000, 3_600_000),
  };
}
