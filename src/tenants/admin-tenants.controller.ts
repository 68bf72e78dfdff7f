import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ActivateTenantDocs, CreateTenantDocs, DeleteTenantDocs, ListTenantsDocs, SuspendTenantDocs } from './admin-tenants.docs';
import { ContractException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { CreateTenantDto } from './dto/tenant.dto';
import { Operator } from './guards/auth.decorators';
import { presentTenant, TenantExistsError, TenantNotFoundError, TenantsService } from './tenants.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';

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
  @CreateTenantDocs()
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
  @ReadOnly()
  @RateLimitTier('none')
  @ListTenantsDocs()
  async list() {
    return { result: 'success', data: (await this.tenants.list()).map(presentTenant) };
  }

  @Post(':id/suspend')
  @RateLimitTier('none')
  @HttpCode(200)
  @SuspendTenantDocs()
  async suspend(@Param('id', ParseIntPipe) id: number) {
    return this.setStatus(id, 'suspended');
  }

  @Post(':id/activate')
  @RateLimitTier('none')
  @HttpCode(200)
  @ActivateTenantDocs()
  async activate(@Param('id', ParseIntPipe) id: number) {
    return this.setStatus(id, 'active');
  }

  @Delete(':id')
  @RateLimitTier('none')
  @DeleteTenantDocs()
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
