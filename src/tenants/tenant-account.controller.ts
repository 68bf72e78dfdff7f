import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from './guards/auth.decorators';
import { RotateSecretsDto } from './dto/tenant.dto';
import { kindsOfRotationScope, presentRotated } from './rotation-scopes';
import { DEFAULT_TENANT_SETTINGS, UpdateTenantSettingsDto } from './tenant-settings';
import { InvalidSettingsError, TenantsService } from './tenants.service';

@ApiTags('Tenant account')
@Controller('api/user')
@UserApiKey()
export class TenantAccountController {
  constructor(private readonly tenants: TenantsService) {}

  @Get('settings')
  @RateLimitTier('management')
  @ApiOperation({ summary: "Read the tenant's settings" })
  @ApiOkResponse({ schema: { example: { result: 'success', settings: DEFAULT_TENANT_SETTINGS } } })
  async getSettings(@Tenant() tenant: TenantContext) {
    return { result: 'success', settings: await this.tenants.getSettings(tenant.id) };
  }

  @Post('settings')
  @RateLimitTier('management')
  @HttpCode(200)
  @ApiOperation({ summary: "Update the tenant's settings (only the fields sent change; unknown fields are rejected)" })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Settings saved.', settings: DEFAULT_TENANT_SETTINGS } } })
  async updateSettings(@Tenant() tenant: TenantContext, @Body() body: UpdateTenantSettingsDto) {
    try {
      return { result: 'success', message: 'Settings saved.', settings: await this.tenants.updateSettings(tenant.id, body) };
    } catch (e) {
      if (e instanceof InvalidSettingsError) throw new InputValidationException(e.errors);
      throw e;
    }
  }

  @Post('secrets/rotate')
  @RateLimitTier('management')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate one or all credentials',
    description: 'Old values stop working at once. The new values are shown only in this response.',
  })
  @ApiBody({ type: RotateSecretsDto, required: false })
  @ApiOkResponse({
    schema: {
      example: {
        result: 'success',
        message: 'Credentials rotated.',
        apiKey: 'K7QX2M',
        secretKeys: { creation: '...', validation: '...', activation: '...', management: '...', general: '...' },
      },
    },
  })
  async rotate(@Tenant() tenant: TenantContext, @Body() body: RotateSecretsDto = {}) {
    const fresh = await this.tenants.rotate(tenant.id, kindsOfRotationScope(body?.scope ?? 'all'));
    return { result: 'success', message: 'Credentials rotated.', ...presentRotated(fresh) };
  }
}
