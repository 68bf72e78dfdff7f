import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldErrors, InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { queryInt } from '../common/pipes/query-int';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { NotificationsService } from './notifications.service';
import { NO_SUBSCRIBERS_MESSAGE, SUBSCRIBER_EXAMPLE, subscribersBody } from './subscribers.presenter';
import { ReadOnly } from '../common/decorators/read-only.decorator';

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
  @ApiOperation({
    summary: 'Notification e-mails sent about the tenant’s licenses',
    description:
      'A bare JSON array, oldest first, at most `limit` rows (default 1000, max 10000) after `offset`. `status`: `success` ' +
      '(sent), `failed` (the SMTP server refused or was unreachable), `recorded` (no SMTP_URL configured: not sent). ' +
      '`date_sent` is UTC. Nothing found: error_code 204 (HTTP 200).',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: SUBSCRIBERS_MAX_LIMIT, default: SUBSCRIBERS_DEFAULT_LIMIT } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({
    description: 'The rows (error_code 204 RETURNED_EMPTY when there are none)',
    content: {
      'application/json': {
        examples: {
          found: { value: [SUBSCRIBER_EXAMPLE] },
          empty: { value: merafError(NO_SUBSCRIBERS_MESSAGE, MerafCode.RETURNED_EMPTY) },
        },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'limit or offset out of range',
    schema: { example: merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { limit: ['limit must be a whole number from 1 to 10000'] } }) },
  })
  async subscribers(@Tenant() tenant: TenantContext, @Query('limit') limit?: unknown, @Query('offset') offset?: unknown) {
    const errors: FieldErrors = {};
    const take = queryInt(limit, 'limit', SUBSCRIBERS_DEFAULT_LIMIT, 1, SUBSCRIBERS_MAX_LIMIT, errors);
    const skip = queryInt(offset, 'offset', 0, 0, 1_000_000_000, errors);
    if (Object.keys(errors).length > 0) throw new InputValidationException(errors);
    return subscribersBody(await this.notifications.list(tenant.id, take, skip));
  }
}
