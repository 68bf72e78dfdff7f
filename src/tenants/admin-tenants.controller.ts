import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContractException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { CreateTenantDto, TenantRateLimitsDto } from './dto/tenant.dto';
import { Operator } from './guards/auth.decorators';
import { presentRateLimits, presentTenant, TenantExistsError, TenantNotFoundError, TenantsService } from './tenants.service';

const notFound = () => new ContractException(merafError('Tenant not found.', MerafCode.NOT_FOUND), 404);

@ApiTags('Operator: tenants')
@Controller('api/admin/tenants')
@Operator()
// Operator routes are not throttled: the token is 16+ random characters (not guessable by
// throttled retries) and provisioning scripts create tenants in bulk.
export class AdminTenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @RateLimitTier('none')
  @ApiOperation({ summary: 'Create a tenant; its credentials are shown only in this response' })
  @ApiCreatedResponse({
    schema: {
      example: {
        id: 1,
        username: 'acme',
        apiKey: 'A1B2C3',
        secretKeys: { creation: '...', validation: '...', activation: '...', management: '...', general: '...' },
      },
    },
  })
  async create(@Body() body: CreateTenantDto) {
    try {
      const created = await this.tenants.create({
        username: body.username,
        email: body.email,
        firstName: body.first_name,
        lastName: body.last_name,
      });
      return { id: created.tenant.id, username: created.tenant.username, apiKey: created.apiKey, secretKeys: created.secretKeys };
    } catch (e) {
      if (e instanceof TenantExistsError) throw new ContractException(merafError('Tenant username already exists.', 409), 409);
      throw e;
    }
  }

  @Get()
  @RateLimitTier('none')
  @ApiOperation({ summary: 'List tenants' })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [{ id: 1, username: 'acme', status: 'active' }] } } })
  async list() {
    return { result: 'success', data: (await this.tenants.list()).map(presentTenant) };
  }

  @Post(':id/suspend')
  @RateLimitTier('none')
  @HttpCode(200)
  @ApiOperation({ summary: "Suspend a tenant: its credentials stop working at once" })
  async suspend(@Param('id', ParseIntPipe) id: number) {
    return this.setStatus(id, 'suspended');
  }

  @Post(':id/activate')
  @RateLimitTier('none')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-activate a suspended tenant' })
  async activate(@Param('id', ParseIntPipe) id: number) {
    return this.setStatus(id, 'active');
  }

  @Put(':id/rate-limits')
  @RateLimitTier('none')
  @ApiOperation({
    summary: "Give a tenant its own rate limits (a shop backend that creates licenses in bulk)",
    description:
      "Requests per minute by tier for the tenant's authenticated requests (its secret keys or User-API-Key), replacing the per-IP limit once a client is over it. " +
      'null goes back to the per-IP limit; an absent tier is unchanged. Only the operator can set them (CLI: tenant:limits). ' +
      'Other instances apply a change within AUTH_CACHE_TTL_MS.',
  })
  @ApiOkResponse({ schema: { example: { result: 'success', tenant_id: 1, rate_limits: { auth: 600, management: null, info: 300 } } } })
  async setRateLimits(@Param('id', ParseIntPipe) id: number, @Body() body: TenantRateLimitsDto) {
    try {
      const tenant = await this.tenants.setRateLimits(id, { auth: body.auth, management: body.management, info: body.info });
      return { result: 'success', tenant_id: tenant.id, rate_limits: presentRateLimits(tenant) };
    } catch (e) {
      if (e instanceof TenantNotFoundError) throw notFound();
      throw e;
    }
  }

  @Delete(':id')
  @RateLimitTier('none')
  @ApiOperation({ summary: 'Delete a tenant and all its data' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    try {
      await this.tenants.remove(id);
      return { result: 'success', message: 'Tenant deleted.' };
    } catch (e) {
      if (e instanceof TenantNotFoundError) throw notFound();
      throw e;
    }
  }

  private async setStatus(id: number, status: 'active' | 'suspended') {
    try {
      return { result: 'success', tenant: presentTenant(await this.tenants.setStatus(id, status)) };
    } catch (e) {
      if (e instanceof TenantNotFoundError) throw notFound();
      throw e;
    }
  }
}
