import { bridgeBody, isBridgePath } from '../common/presenters/bridge.presenter';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please try again later.';
export const IP_BLOCKED_MESSAGE = 'Access denied. Your IP has been temporarily blocked due to suspicious activity.';

/** The 429 body of DECISIONS A5 (MERAF), or the bridge envelope with the same status. */
export function rateLimitedBody(url: string, retryAfterSeconds: number): Record<string, unknown> {
  if (isBridgePath(url)) return bridgeBody(429, RATE_LIMIT_MESSAGE, { retry_after: retryAfterSeconds });
  return { result: 'error', message: RATE_LIMIT_MESSAGE, code: 'RATE_LIMIT_EXCEEDED', retry_after: retryAfterSeconds };
}

/** The 403 body for a blocked or denied client address (DECISIONS A5). */
export function ipBlockedBody(url: string): Record<string, unknown> {
  if (isBridgePath(url)) return bridgeBody(403, IP_BLOCKED_MESSAGE);
  return merafError(IP_BLOCKED_MESSAGE, MerafCode.FORBIDDEN_ERROR);
}

/** The wire form of an IP rule (operator API). */
export function presentIpRule(rule: {
  id: number | null;
  type: string;
  source: string;
  ip: string | null;
  ipHash: string | null;
  note: string;
  expiresAt: Date | null;
  createdAt: Date | null;
}): Record<string, unknown> {
  return {
    id: rule.id,
    type: rule.type,
    source: rule.source,
    ip: rule.ip,
    ip_hash: rule.ipHash,
    note: rule.note,
    expires_at: rule.expiresAt ? rule.expiresAt.toISOString() : null,
    created_at: rule.createdAt ? rule.createdAt.toISOString() : null,
  };
}

export const IP_RULE_EXAMPLE = {
  id: 7,
  type: 'deny',
  source: 'operator',
  ip: '203.0.113.0/24',
  ip_hash: null,
  note: 'scraper',
  expires_at: '2030-01-01T00:00:00.000Z',
  created_at: '2026-11-01T12:00:00.000Z',
};
