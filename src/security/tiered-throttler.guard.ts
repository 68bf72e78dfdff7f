import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import { ContractException } from '../common/contract.exception';
import { TENANT_LIMIT_TIERS, TenantLimitTier } from '../common/decorators/tenant.decorator';
import { AuthGuard } from '../tenants/guards/auth.guard';
import { clientSubject } from './ip-address';
import { IpRulesService } from './ip-rules.service';
import { rateLimitTierOf } from './rate-limit-tier.decorator';
import { RateLimitStorage } from './rate-limit.storage';
import { SecurityRedis } from './redis-connection';
import { rateLimitedBody } from './security.presenter';

/**
 * The global rate-limit guard: one bucket per client and tier (not per route), counted in
 * RateLimitStorage (an @nestjs/throttler ThrottlerStorage: memory, or Redis shared by all
 * instances). The client is the daily-salted hash of its IP (IPv6 per /64), never the clear IP.
 *
 * It runs before the auth guard (SecurityModule is imported before TenantsModule), so failed
 * authentications count too. Allow-listed clients, `none` routes and RATE_LIMIT_ENABLED=false
 * skip it. Over the limit: DECISIONS A5's 429 (or the bridge envelope), with Retry-After.
 *
 * A tenant's own limits (operator-set, README "Security"): a request over its client's limit on a
 * route that takes a tenant credential is counted against the tenant's own limit for the tier
 * when its credential is valid and the tenant has one (one bucket per tenant and tier, shared by
 * all its clients), so a shop backend that creates licenses in bulk is not throttled like an
 * anonymous client. The credential is resolved as the auth guard does (AuthGuard.tenantOf; the
 * lookup is cached), only for requests already over the limit.
 *
 * (Not @nestjs/throttler's ThrottlerGuard: that package is CommonJS and require()s the ESM-only
 * Nest 12, which Jest cannot load on Node 20. Its storage interface is kept.)
 */
@Injectable()
export class TieredThrottlerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly storage: RateLimitStorage,
    private readonly rules: IpRulesService,
    private readonly crypto: CryptoService,
    private readonly redis: SecurityRedis,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** TenantsModule's guard, found at first use (SecurityModule must not import TenantsModule: guard order). */
  private authGuard?: AuthGuard;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.config.security.rateLimit;
    if (!limits.enabled || context.getType() !== 'http') return true;
    const tier = rateLimitTierOf(this.reflector, context);
    if (tier === 'none') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (this.rules.isAllowListed(req.ip)) return true;

    let limit = limits[tier];
    let record = await this.storage.increment(this.redis.key('rl', tier, this.crypto.hashIp(clientSubject(req.ip))), limits.windowMs, limit);
    if (record.isBlocked && (TENANT_LIMIT_TIERS as readonly string[]).includes(tier)) {
      const own = await this.tenantLimit(context, req, tier as TenantLimitTier);
      if (own) {
        limit = own.limit;
        record = await this.storage.increment(this.redis.key('rl', 'tenant', tier, String(own.tenantId)), limits.windowMs, limit);
      }
    }
    const reply = http.getResponse<FastifyReply>();
    reply.header('X-RateLimit-Limit', String(limit));
    reply.header('X-RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
    reply.header('X-RateLimit-Reset', String(record.timeToExpire));
    if (record.isBlocked) {
      reply.header('Retry-After', String(record.timeToBlockExpire));
      throw new ContractException(rateLimitedBody(req.url, record.timeToBlockExpire), 429);
    }
    return true;
  }

  /** The tenant's own limit for the tier, when the request carries a valid credential of a tenant that has one. */
  private async tenantLimit(context: ExecutionContext, req: FastifyRequest, tier: TenantLimitTier): Promise<{ tenantId: number; limit: number } | undefined> {
    this.authGuard ??= this.moduleRef.get(AuthGuard, { strict: false });
    const requirement = this.authGuard.requirementOf(context);
    if (!requirement || requirement.kind === 'operator') return undefined;
    const tenant = await this.authGuard.tenantOf(req, requirement);
    const limit = tenant?.rateLimits?.[tier];
    return tenant && limit !== undefined ? { tenantId: tenant.id, limit } : undefined;
  }
}
