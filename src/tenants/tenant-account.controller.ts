import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { requestMeta } from '../common/request-meta';
import type { FastifyRequest } from 'fastify';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from './guards/auth.decorators';
import { RotateSecretsDto } from './dto/tenant.dto';
import { CredentialKind, SECRET_SCOPES } from './entities/tenant-credential.entity';
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
  async rotate(@Tenant() tenant: TenantContext, @Req() req: FastifyRequest, @Body() body: RotateSecretsDto = {}) {
    const scope = body?.scope ?? 'all';
    const kinds: CredentialKind[] = scope === 'all' ? [...SECRET_SCOPES, 'api'] : [scope];
    const fresh = await this.tenants.rotate(tenant.id, kinds, requestMeta(req));
    const secretKeys = Object.fromEntries(SECRET_SCOPES.filter((s) => fresh[s]).map((s) => [s, fresh[s]]));
    return { result: 'success', message: 'Credentials rotated.', ...(fresh.api ? { apiKey: fresh.api } : {}), secretKeys };
  }
}
