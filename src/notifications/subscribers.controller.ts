import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FieldErrors, InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { queryInt } from '../common/pipes/query-int';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { NotificationsService } from './notifications.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { subscribersBody } from './subscribers.presenter';
import { SubscribersDocs } from './subscribers.docs';

export const SUBSCRIBERS_DEFAULT_LIMIT = 1000;
export const SUBSCRIBERS_MAX_LIMIT = 10000;

/**
 * `GET /api/license/subscribers/{secret}` (MERAF): the notification e-mails sent about the
 * tenant's licenses. Management key (documented) or general key (deployed), DECISIONS A1.
 */
@ApiTags('Notifications')
@Controller('api/license')
export class SubscribersController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('subscribers/:secret')
  @ReadOnly()
  @SecretKey(['management', 'general'])
  @RateLimitTier('info')
  @SubscribersDocs({ default: SUBSCRIBERS_DEFAULT_LIMIT, max: SUBSCRIBERS_MAX_LIMIT })
  async subscribers(@Tenant() tenant: TenantContext, @Query('limit') limit?: unknown, @Query('offset') offset?: unknown) {
    const errors: FieldErrors = {};
    const take = queryInt(limit, 'limit', SUBSCRIBERS_DEFAULT_LIMIT, 1, SUBSCRIBERS_MAX_LIMIT, errors);
    const skip = queryInt(offset, 'offset', 0, 0, 1_000_000_000, errors);
    if (Object.keys(errors).length > 0) throw new InputValidationException(errors);
    return subscribersBody(await this.notifications.list(tenant.id, take, skip));
  }
}
