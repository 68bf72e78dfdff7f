import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RATE_LIMIT_MESSAGE } from './security.presenter';

/**
 * Rate-limit tiers (DECISIONS A5): per client IP and tier, requests per minute.
 * `auth` 10 (validate, create, register, unregister), `management` 30 (edit, delete, export,
 * settings), `info` 60 (list, data, logs, subscribers, products), `routine` 120 (GET /validate),
 * `none` (generate, health, docs).
 */
export type RateLimitTierName = 'auth' | 'management' | 'info' | 'routine' | 'none';

/** The tiers that count requests (every tier but `none`). */
export const COUNTED_TIERS = ['auth', 'management', 'info', 'routine'] as const;
export type CountedTier = (typeof COUNTED_TIERS)[number];

/** The tier of a route that carries no @RateLimitTier (neither on the handler nor on its controller). */
export const DEFAULT_RATE_LIMIT_TIER: RateLimitTierName = 'info';

export const RATE_LIMIT_TIER = 'license-server:rate-limit-tier';

/** Puts a route (or a whole controller) in a rate-limit tier, and documents its 429 answer. */
export const RateLimitTier = (tier: RateLimitTierName) =>
  tier === 'none'
    ? SetMetadata(RATE_LIMIT_TIER, tier)
    : applyDecorators(
        SetMetadata(RATE_LIMIT_TIER, tier),
        ApiTooManyRequestsResponse({
          description: `Rate limit of the "${tier}" tier exceeded (per client IP). Headers: Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset.`,
          schema: { example: { result: 'error', message: RATE_LIMIT_MESSAGE, code: 'RATE_LIMIT_EXCEEDED', retry_after: 42 } },
        }),
      );

/** The tier a request's route is in: the handler's decorator, else its controller's, else the default. */
export function rateLimitTierOf(reflector: Reflector, context: ExecutionContext): RateLimitTierName {
  return (
    reflector.getAllAndOverride<RateLimitTierName | undefined>(RATE_LIMIT_TIER, [context.getHandler(), context.getClass()]) ??
    DEFAULT_RATE_LIMIT_TIER
  );
}
