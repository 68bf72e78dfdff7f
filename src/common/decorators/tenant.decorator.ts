import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The rate-limit tiers a tenant can be given its own limits for (the ones its credentials reach). */
export const TENANT_LIMIT_TIERS = ['auth', 'management', 'info'] as const;
export type TenantLimitTier = (typeof TENANT_LIMIT_TIERS)[number];
/** A tenant's own requests per minute by tier, set by the operator; an absent tier has the per-IP limit. */
export type TenantRateLimits = Partial<Record<TenantLimitTier, number>>;

/** The tenant the auth guard resolved for this request. */
export interface TenantContext {
  id: number;
  username: string;
  /** present when the operator gave the tenant its own limits (security: TenantRateLimitInterceptor) */
  rateLimits?: TenantRateLimits;
}

export interface RequestWithTenant {
  tenant?: TenantContext;
}

export const Tenant = createParamDecorator((_data: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = ctx.switchToHttp().getRequest<RequestWithTenant>().tenant;
  if (!tenant) throw new Error('@Tenant() used on a route without a tenant auth decorator');
  return tenant;
});
