import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldErrors, InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { queryInt } from '../common/pipes/query-int';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { LogsService } from './logs.service';
import { ACTIVITY_ENTRY_EXAMPLE, licenseLogsBody, NO_LOGS_MESSAGE } from './logs.presenter';
import { ReadOnly } from '../common/decorators/read-only.decorator';

export const LICENSE_LOGS_DEFAULT_LIMIT = 100;
export const LICENSE_LOGS_MAX_LIMIT = 1000;
/** `{license_key}` value that asks for the logs of all the tenant's licenses. */
export const ALL_LICENSES = 'all';

/**
 * `GET /api/license/logs/{license_key}/{secret}` (MERAF): a tenant's activity log, of one
 * license or `all`, newest first. Takes the management key (documented) or the general key
 * (deployed servers), DECISIONS A1/A4.
 */
@ApiTags('Logs')
@Controller('api/license')
export class LicenseLogsController {
  constructor(private readonly logs: LogsService) {}

  @Get('logs/:license_key/:secret')
  @ReadOnly()
  @SecretKey(['management', 'general'])
  @RateLimitTier('info')
  @ApiOperation({
    summary: 'Activity logs of a license, or of all licenses',
    description:
      'Newest first, at most `limit` entries (default 100, max 1000) after skipping `offset`. Only the entries of the tenant ' +
      'that owns the secret key. `ip_address` is what the tenant keeps (`ipLogging`: an HMAC of the IP by default, the IP, ' +
      'or empty). `time` is UTC. Nothing found: error_code 204 (HTTP 200).',
  })
  @ApiParam({ name: 'license_key', description: 'A license key, or `all` for every license of the tenant', example: 'all' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: LICENSE_LOGS_MAX_LIMIT, default: LICENSE_LOGS_DEFAULT_LIMIT } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({
    description: 'The entries (error_code 204 RETURNED_EMPTY when there are none)',
    content: {
      'application/json': {
        examples: {
          found: { value: { result: 'success', data: [ACTIVITY_ENTRY_EXAMPLE] } },
          empty: { value: merafError(NO_LOGS_MESSAGE, MerafCode.RETURNED_EMPTY) },
        },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'limit or offset out of range',
    schema: { example: merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { limit: ['limit must be a whole number from 1 to 1000'] } }) },
  })
  async licenseLogs(
    @Tenant() tenant: TenantContext,
    @Param('license_key') licenseKey: string,
    @Query('limit') limit?: unknown,
    @Query('offset') offset?: unknown,
  ) {
    const errors: FieldErrors = {};
    const take = queryInt(limit, 'limit', LICENSE_LOGS_DEFAULT_LIMIT, 1, LICENSE_LOGS_MAX_LIMIT, errors);
    const skip = queryInt(offset, 'offset', 0, 0, 1_000_000_000, errors);
    if (Object.keys(errors).length > 0) throw new InputValidationException(errors);
    const rows = await this.logs.activityOf(tenant.id, licenseKey === ALL_LICENSES ? null : licenseKey, take, skip);
    return licenseLogsBody(rows);
  }
}
