import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ContractException, InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { UserApiKey } from '../tenants/guards/auth.decorators';
import {
  CreateFluentLeadDto,
  CreateFluentPopupMessageDto,
  CreateFluentProductDto,
  ListFluentLeadsQuery,
  ListFluentSitesQuery,
  UpdateFluentLeadDto,
  UpdateFluentPopupMessageDto,
  UpdateFluentProductDto,
} from './dto/management.dto';
import { FluentLeadsService, LeadClosedError, LeadNotFoundError, LeadTokenTakenError } from './fluent-leads.service';
import { presentActivation, presentLead, presentPopupMessage, presentProduct, presentTrial } from './fluent-presenters';
import { FluentLicenseService } from './fluent-license.service';
import { FluentProductsService, PopupMessageNotFoundError, ProductExistsError, ProductNotFoundError } from './fluent-products.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { ListProductsDocs, CreateProductDocs, GetProductDocs, PutProductDocs, UpdateProductDocs, DeleteProductDocs, ListPopupMessagesDocs, CreatePopupMessageDocs, UpdatePopupMessageDocs, DeletePopupMessageDocs, CreateLeadDocs, ListLeadsDocs, GetLeadDocs, UpdateLeadDocs, CloseLeadDocs, ListTrialsDocs, ListActivationsDocs } from './fluent-management.docs';

const notFound = (what: string) => new ContractException(merafError(`${what} not found.`, MerafCode.NOT_FOUND), 404);

function mapped(e: unknown): never {
  if (e instanceof ProductNotFoundError) throw notFound('Product');
  if (e instanceof PopupMessageNotFoundError) throw notFound('Popup message');
  if (e instanceof LeadNotFoundError) throw notFound('Lead');
  if (e instanceof ProductExistsError) throw new ContractException(merafError('A product with this slug already exists.', 409), 409);
  if (e instanceof LeadTokenTakenError) throw new InputValidationException({ token: ['token is already in use'] });
  if (e instanceof LeadClosedError) throw new ContractException(merafError('The lead is closed.', 409), 409);
  throw e;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    return mapped(e);
  }
}

/** Maps the services' domain errors to the tenant API's error shape. */
/**
 * Vendor management of the License API v1 (User-API-Key): products (slug, FluentCart `api_url`,
 * `item_id`, active flag), their popup messages, leads, and read-only views of trials and
 * activations. Everything is scoped to the tenant of the key.
 */
@ApiTags('Fluent bridge: vendor management')
@Controller('api/user/fluent')
@UserApiKey()
export class FluentManagementController {
  constructor(
    private readonly products: FluentProductsService,
    private readonly leads: FluentLeadsService,
    private readonly licenses: FluentLicenseService,
  ) {}

  // products

  @Get('products')
  @ReadOnly()
  @RateLimitTier('info')
  @ListProductsDocs()
  async listProducts(@Tenant() tenant: TenantContext) {
    return { result: 'success', data: (await this.products.list(tenant.id)).map(presentProduct) };
  }

  @Post('products')
  @RateLimitTier('management')
  @CreateProductDocs()
  async createProduct(@Tenant() tenant: TenantContext, @Body() body: CreateFluentProductDto) {
    const product = await run(() =>
      this.products.create(tenant.id, { slug: body.slug, name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product created.', data: presentProduct(product) };
  }

  @Get('products/:slug')
  @ReadOnly()
  @RateLimitTier('info')
  @GetProductDocs()
  async getProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    return { result: 'success', data: presentProduct(await run(() => this.products.get(tenant.id, slug))) };
  }

  @Put('products/:slug')
  @RateLimitTier('management')
  @PutProductDocs()
  async putProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: UpdateFluentProductDto) {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug)) throw new InputValidationException({ slug: ['slug must be 1-64 lower-case letters, digits, _ or -'] });
    const { product, created } = await run(() =>
      this.products.upsert(tenant.id, { slug, name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product saved.', created, data: presentProduct(product) };
  }

  @Patch('products/:slug')
  @RateLimitTier('management')
  @UpdateProductDocs()
  async updateProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: UpdateFluentProductDto) {
    const product = await run(() =>
      this.products.update(tenant.id, slug, { name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product updated.', data: presentProduct(product) };
  }

  @Delete('products/:slug')
  @RateLimitTier('management')
  @DeleteProductDocs()
  async deleteProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    await run(() => this.products.remove(tenant.id, slug));
    return { result: 'success', message: 'Product deleted.' };
  }

  // popup messages

  @Get('products/:slug/popup-messages')
  @ReadOnly()
  @RateLimitTier('info')
  @ListPopupMessagesDocs()
  async listPopupMessages(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    return { result: 'success', data: (await run(() => this.products.listMessages(tenant.id, slug))).map(presentPopupMessage) };
  }

  @Post('products/:slug/popup-messages')
  @RateLimitTier('management')
  @CreatePopupMessageDocs()
  async createPopupMessage(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: CreateFluentPopupMessageDto) {
    const message = await run(() => this.products.addMessage(tenant.id, slug, { type: body.type, message: body.message, isActive: body.is_active }));
    return { result: 'success', message: 'Popup message created.', data: presentPopupMessage(message) };
  }

  @Patch('products/:slug/popup-messages/:id')
  @RateLimitTier('management')
  @UpdatePopupMessageDocs()
  async updatePopupMessage(
    @Tenant() tenant: TenantContext,
    @Param('slug') slug: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateFluentPopupMessageDto,
  ) {
    const message = await run(() => this.products.updateMessage(tenant.id, slug, id, { type: body.type, message: body.message, isActive: body.is_active }));
    return { result: 'success', message: 'Popup message updated.', data: presentPopupMessage(message) };
  }

  @Delete('products/:slug/popup-messages/:id')
  @RateLimitTier('management')
  @DeletePopupMessageDocs()
  async deletePopupMessage(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Param('id', ParseIntPipe) id: number) {
    await run(() => this.products.removeMessage(tenant.id, slug, id));
    return { result: 'success', message: 'Popup message deleted.' };
  }

  // leads

  @Post('leads')
  @RateLimitTier('management')
  @CreateLeadDocs()
  async createLead(@Tenant() tenant: TenantContext, @Body() body: CreateFluentLeadDto) {
    const created = await run(() =>
      this.leads.create(tenant.id, { productSlug: body.product, domain: body.domain, email: body.email, name: body.name, token: body.token }),
    );
    return {
      result: 'success',
      message: 'Lead created. The token is shown only in this response.',
      token: created.token,
      data: presentLead(created.lead, created.productSlug),
    };
  }

  @Get('leads')
  @ReadOnly()
  @RateLimitTier('info')
  @ListLeadsDocs()
  async listLeads(@Tenant() tenant: TenantContext, @Query() query: ListFluentLeadsQuery) {
    const rows = await this.leads.list(tenant.id, { productSlug: query.product, status: query.status });
    return { result: 'success', data: rows.map((r) => presentLead(r.lead, r.productSlug)) };
  }

  @Get('leads/:id')
  @ReadOnly()
  @RateLimitTier('info')
  @GetLeadDocs()
  async getLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number) {
    const found = await run(() => this.leads.get(tenant.id, id));
    return { result: 'success', data: presentLead(found.lead, found.productSlug) };
  }

  @Patch('leads/:id')
  @RateLimitTier('management')
  @UpdateLeadDocs()
  async updateLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateFluentLeadDto) {
    const found = await run(() => this.leads.setStatus(tenant.id, id, body.status));
    return { result: 'success', message: 'Lead updated.', data: presentLead(found.lead, found.productSlug) };
  }

  @Post('leads/:id/close')
  @HttpCode(200)
  @RateLimitTier('management')
  @CloseLeadDocs()
  async closeLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number) {
    const found = await run(() => this.leads.close(tenant.id, id));
    return { result: 'success', message: 'Lead closed.', data: presentLead(found.lead, found.productSlug) };
  }

  // read-only views for support

  @Get('free-trials')
  @ReadOnly()
  @RateLimitTier('info')
  @ListTrialsDocs()
  async listTrials(@Tenant() tenant: TenantContext, @Query() query: ListFluentSitesQuery) {
    const rows = await this.licenses.listTrials(tenant.id, { productSlug: query.product, siteUrl: query.site_url });
    return { result: 'success', data: rows.map((r) => presentTrial(r.trial, r.productSlug)) };
  }

  @Get('activations')
  @ReadOnly()
  @RateLimitTier('info')
  @ListActivationsDocs()
  async listActivations(@Tenant() tenant: TenantContext, @Query() query: ListFluentSitesQuery) {
    const rows = await this.licenses.listActivations(tenant.id, { productSlug: query.product, siteUrl: query.site_url, licenseKey: query.license_key });
    return { result: 'success', data: rows.map((r) => presentActivation(r.activation, r.info, r.productSlug)) };
  }
}
