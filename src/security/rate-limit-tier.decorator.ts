import { SetMetadata } from '@nestjs/common';

/**
 * Rate-limit tiers (DECISIONS A5): per client IP and tier, requests per minute.
 * `auth` 10 (validate, create, register, unregister), `management` 30 (edit, delete, export,
 * settings), `info` 60 (list, data, logs, subscribers, products), `routine` 120 (GET /validate),
 * `none` (generate, health, docs).
 */
export type RateLimitTierName = 'auth' | 'management' | 'info' | 'routine' | 'none';

export const RATE_LIMIT_TIER = 'license-server:rate-limit-tier';

/** Puts a route (or a whole controller) in a rate-limit tier. */
export const RateLimitTier = (tier: RateLimitTierName) => SetMetadata(RATE_LIMIT_TIER, tier);
