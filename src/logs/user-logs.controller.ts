import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from '../tenants/guards/auth.decorators';
import { ActivityLogQueryDto, DEFAULT_PER_PAGE, ValidationLogQueryDto } from './dto/log-query.dto';
import { LogsService } from './logs.service';
import type { PageRequest } from './logs.service';
import { ACTIVITY_ENTRY_EXAMPLE, logPageBody, presentActivityEntry, presentValidationEntry, VALIDATION_ENTRY_EXAMPLE } from './logs.presenter';
import { ReadOnly } from '../common/decorators/read-only.decorator';

function pageOf(query: { page?: number; per_page?: number }): PageRequest {
  return { page: query.page ?? 1, perPage: query.per_page ?? DEFAULT_PER_PAGE };
}

const BAD_QUERY_EXAMPLE = merafError(MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { outcome: ['outcome must be one of the following values: success, error'] } });

/** The tenant's own logs, paginated, through its `User-API-Key`. */
@ApiTags('Logs')
@Controller('api/user/logs')
@UserApiKey()
export class UserLogsController {
  constructor(private readonly logs: LogsService) {}

  @Get('validations')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({
    summary: 'Validation log entries (success and error) of the tenant, newest first',
    description:
      'Every `/api/license/validate` call and every routine `GET /validate` check of a license of the tenant. ' +
      '`outcome` filters success or error entries; `page` starts at 1; `per_page` 1-500 (default 50). `time` is UTC.',
  })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [VALIDATION_ENTRY_EXAMPLE], page: 1, per_page: 50, total: 1 } } })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid or unknown', schema: { example: BAD_QUERY_EXAMPLE } })
  async validations(@Tenant() tenant: TenantContext, @Query() query: ValidationLogQueryDto) {
    const page = pageOf(query);
    const result = await this.logs.validationPage(tenant.id, { outcome: query.outcome, licenseKey: query.license_key }, page);
    return logPageBody(result, page, presentValidationEntry);
  }

  @Get('activity')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({
    summary: 'Activity log entries of the tenant, newest first',
    description: 'Every license operation (create, edit, delete, register, validate, ...). `page` starts at 1; `per_page` 1-500 (default 50).',
  })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [ACTIVITY_ENTRY_EXAMPLE], page: 1, per_page: 50, total: 1 } } })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid or unknown', schema: { example: BAD_QUERY_EXAMPLE } })
  async activity(@Tenant() tenant: TenantContext, @Query() query: ActivityLogQueryDto) {
    const page = pageOf(query);
    const result = await this.logs.activityPage(tenant.id, { licenseKey: query.license_key }, page);
    return logPageBody(result, page, presentActivityEntry);
  }
}
