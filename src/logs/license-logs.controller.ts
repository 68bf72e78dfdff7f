import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FieldErrors, InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { queryInt } from '../common/pipes/query-int';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { LogsService } from './logs.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { licenseLogsBody } from './logs.presenter';
import { LicenseLogsDocs } from './license-logs.docs';

export const LICENSE_LOGS_DEFAULT_LIMIT = 100;
export const LICENSE_LOGS_MAX_LIMIT = 1000;
export const ALL_LICENSES = 'all';

/** `{license_key}` value that asks for the logs of all the tenant's licenses. */
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
  @LicenseLogsDocs({ default: LICENSE_LOGS_DEFAULT_LIMIT, max: LICENSE_LOGS_MAX_LIMIT })
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
