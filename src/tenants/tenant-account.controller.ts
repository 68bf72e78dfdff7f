import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { requestMeta } from '../common/request-meta';
import type { FastifyRequest } from 'fastify';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from './guards/auth.decorators';
import { RotateSecretsDto } from './dto/tenant.dto';
import { kindsOfRotationScope, presentRotated } from './rotation-scopes';
import { UpdateTenantSettingsDto } from './tenant-settings';
import { InvalidSettingsError, TenantsService } from './tenants.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { GetSettingsDocs, UpdateSettingsDocs, RotateDocs } from './tenant-account.docs';

@ApiTags('Tenant account')
@Controller('api/user')
@UserApiKey()
export class TenantAccountController {
  constructor(private readonly tenants: TenantsService) {}

  @Get('settings')
  @ReadOnly()
  @RateLimitTier('management')
  @GetSettingsDocs()
  async getSettings(@Tenant() tenant: TenantContext) {
    return { result: 'success', settings: await this.tenants.getSettings(tenant.id) };
  }

  @Post('settings')
  @RateLimitTier('management')
  @HttpCode(200)
  @UpdateSettingsDocs()
  async updateSettings(@Tenant() tenant: TenantContext, @Body() body: UpdateTenantSettingsDto, @Req() req: FastifyRequest) {
    try {
      return { result: 'success', message: 'Settings saved.', settings: await this.tenants.updateSettings(tenant.id, body, requestMeta(req)) };
    } catch (e) {
      if (e instanceof InvalidSettingsError) throw new InputValidationException(e.errors);
      throw e;
    }
  }

  @Post('secrets/rotate')
  @RateLimitTier('management')
  @HttpCode(200)
  @RotateDocs()
  async rotate(@Tenant() tenant: TenantContext, @Req() req: FastifyRequest, @Body() body: RotateSecretsDto = {}) {
    const fresh = await this.tenants.rotate(tenant.id, kindsOfRotationScope(body?.scope ?? 'all'), requestMeta(req));
    return { result: 'success', message: 'Credentials rotated.', ...presentRotated(fresh) };
  }
}
