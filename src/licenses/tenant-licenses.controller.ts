import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
import { MESSAGES, presentCreateInvalid, presentDashboardLicense, presentLicenseData } from './license.presenter';
import { LicensesService } from './licenses.service';
import { requestMeta } from './request-meta';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { DashboardDocs, CreateDocs } from './tenant-licenses.docs';

export const DASHBOARD_RECENT = 10;

/** How many licenses and activities the dashboard shows (the response stays small). */
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
  @DashboardDocs(DASHBOARD_RECENT)
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
  @CreateDocs()
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
