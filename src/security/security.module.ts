import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FailedAttemptsListener, FailureCounter } from './failed-attempts.listener';
import { IpRulesController } from './ip-rules.controller';
import { IpRulesService } from './ip-rules.service';
import { RateLimitStorage } from './rate-limit.storage';
import { SecurityRedis } from './redis-connection';
import { TieredThrottlerGuard } from './tiered-throttler.guard';

/**
 * Tiered rate limits, IP allow/deny rules and automatic blocks. Import it before TenantsModule:
 * global guards run in the order their modules are scanned, and the rate limit must come before
 * authentication. The request hooks (headers, block check) are installed by app.factory.ts
 * through security.hooks.ts.
 */
@Module({
  controllers: [IpRulesController],
  providers: [
    SecurityRedis,
    RateLimitStorage,
    IpRulesService,
    FailureCounter,
    FailedAttemptsListener,
    TieredThrottlerGuard,
    { provide: APP_GUARD, useExisting: TieredThrottlerGuard },
  ],
  exports: [IpRulesService],
})
export class SecurityModule {}
