import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ContractException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { LogsService } from '../logs/logs.service';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from '../tenants/guards/auth.decorators';
import { TenantsService } from '../tenants/tenants.service';
import { USER_CREATE_REQUIRED, wireName } from './license-fields';
import { ApiCreateInvalid, ApiLicenseBody } from './license.swagger';
import { MESSAGES, presentCreateInvalid, presentDashboardLicense, presentLicenseData } from './license.presenter';
import { LicensesService } from './licenses.service';
import { requestMeta } from './request-meta';
import { ReadOnly } from '../common/decorators/read-only.decorator';

/** How many licenses and activities the dashboard shows (the response stays small). */
export const DASHBOARD_RECENT = 10;

@ApiTags('Tenant account')
@Controller('api')
@UserApiKey()
export class TenantLicensesController {
  constructor(
    private readonly licenses: LicensesService,
    private readonly tenants: TenantsService,
    private readonly logs: LogsService,
  ) {}

  @Get('dashboard-data')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({
    summary: 'Dashboard: the tenant, its newest licenses, statistics by status and recent activities',
    description: `At most ${DASHBOARD_RECENT} licenses and ${DASHBOARD_RECENT} activities.`,
  })
  @ApiOkResponse({
    schema: {
      example: {
        result: 'success',
        user: { id: 123, username: 'john_doe', email: 'john@example.com', first_name: 'John', last_name: 'Doe', api_key: 'A1B2C3' },
        licenses: [{ id: 1, license_key: 'ABC123...', status: 'active', type: 'lifetime', customer_email: 'customer@example.com', product_ref: 'my-product', date_created: '2024-01-15 10:30:00' }],
        statistics: { total_licenses: 15, active_licenses: 12, expired_licenses: 2, blocked_licenses: 1, pending_licenses: 0 },
        recent_activities: [{ license_key: 'ABC123...', action: 'validation_attempt', timestamp: '2024-01-15 10:30:00' }],
      },
    },
  })
  async dashboard(@Tenant() tenant: TenantContext, @Req() req: FastifyRequest) {
    const [user, licenses, statistics, recent] = await Promise.all([
      this.tenants.get(tenant.id),
      this.licenses.newest(tenant.id, DASHBOARD_RECENT),
      this.licenses.statistics(tenant.id),
      this.logs.recentActivities(tenant.id, DASHBOARD_RECENT),
    ]);
    const apiKey = req.headers['user-api-key'];
    return {
      result: 'success',
      user: {
        id: user.id,
        username: user.username,
        email: user.email,
        first_name: user.firstName,
        last_name: user.lastName,
        api_key: Array.isArray(apiKey) ? apiKey[0] : apiKey,
      },
      licenses: licenses.map(presentDashboardLicense),
      statistics,
      recent_activities: recent,
    };
  }

  @Post('user/licenses')
  @HttpCode(200)
  @RateLimitTier('auth')
  @ApiOperation({
    summary: "Create a license for the tenant (JSON)",
    description:
      'Required: license_type, first_name, last_name, email, product_ref. license_status, max_allowed_domains and max_allowed_devices ' +
      "default to the tenant settings; the key is generated when license_key is absent. Same type and date rules as the create route.",
  })
  @ApiLicenseBody(USER_CREATE_REQUIRED.map(wireName), 'License fields', {
    license_type: 'lifetime',
    license_status: 'active',
    first_name: 'Customer Name',
    last_name: 'Customer Last',
    email: 'customer@example.com',
    max_allowed_domains: 1,
    max_allowed_devices: 1,
    product_ref: 'my-product',
  })
  @ApiOkResponse({
    description: 'Created (code 400), or the custom key is taken (error_code 200)',
    schema: { example: { result: 'success', message: MESSAGES.CREATED, key: 'ABC123...', license_key: 'ABC123...', code: 400, license: { id: 1 } } },
  })
  @ApiCreateInvalid()
  async create(@Tenant() tenant: TenantContext, @Body() body: Record<string, unknown>, @Req() req: FastifyRequest) {
    const result = await this.licenses.create(tenant.id, body, 'user', requestMeta(req));
    if (result.outcome === 'invalid') {
      throw new ContractException(presentCreateInvalid(result.errors), 400);
    }
    if (result.outcome === 'exists') return merafError(MESSAGES.EXISTS, MerafCode.LICENSE_EXIST);
    return {
      result: 'success',
      message: MESSAGES.CREATED,
      key: result.license.licenseKey,
      license_key: result.license.licenseKey,
      code: MerafCode.LICENSE_CREATED,
      license: presentLicenseData(result.license),
    };
  }
}
