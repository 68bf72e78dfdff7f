import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import { ContractException } from '../common/contract.exception';
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.config.security.rateLimit;
    if (!limits.enabled || context.getType() !== 'http') return true;
    const tier = rateLimitTierOf(this.reflector, context);
    if (tier === 'none') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    if (this.rules.isAllowListed(req.ip)) return true;

    const limit = limits[tier];
    const key = this.redis.key('rl', tier, this.crypto.hashIp(clientSubject(req.ip)));
    const record = await this.storage.increment(key, limits.windowMs, limit);
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
}
