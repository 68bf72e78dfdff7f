import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from '../tenants/guards/auth.decorators';
import { ActivityLogQueryDto, DEFAULT_PER_PAGE, ValidationLogQueryDto } from './dto/log-query.dto';
import { LogsService } from './logs.service';
import type { PageRequest } from './logs.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { logPageBody, presentActivityEntry, presentValidationEntry } from './logs.presenter';
import { ValidationsDocs, ActivityDocs } from './user-logs.docs';

function pageOf(query: { page?: number; per_page?: number }): PageRequest {
  return { page: query.page ?? 1, perPage: query.per_page ?? DEFAULT_PER_PAGE };
}

/** The tenant's own logs, paginated, through its `User-API-Key`. */
@ApiTags('Logs')
@Controller('api/user/logs')
@UserApiKey()
export class UserLogsController {
  constructor(private readonly logs: LogsService) {}

  @Get('validations')
  @ReadOnly()
  @RateLimitTier('info')
  @ValidationsDocs()
  async validations(@Tenant() tenant: TenantContext, @Query() query: ValidationLogQueryDto) {
    const page = pageOf(query);
    const result = await this.logs.validationPage(tenant.id, { outcome: query.outcome, licenseKey: query.license_key }, page);
    return logPageBody(result, page, presentValidationEntry);
  }

  @Get('activity')
  @ReadOnly()
  @RateLimitTier('info')
  @ActivityDocs()
  async activity(@Tenant() tenant: TenantContext, @Query() query: ActivityLogQueryDto) {
    const page = pageOf(query);
    const result = await this.logs.activityPage(tenant.id, { licenseKey: query.license_key }, page);
    return logPageBody(result, page, presentActivityEntry);
  }
}
