import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
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

const PRODUCT_EXAMPLE = {
  id: 1,
  slug: 'appza',
  name: 'Appza',
  api_url: 'https://store.example.com/',
  item_id: 1771,
  is_active: true,
  created_at: '2026-01-15T10:00:00.000Z',
  updated_at: '2026-01-15T10:00:00.000Z',
};
const LEAD_EXAMPLE = {
  id: 7,
  product: 'appza',
  domain: 'example.com',
  email: 'owner@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  created_at: '2026-01-15T10:00:00.000Z',
  updated_at: '2026-01-15T10:00:00.000Z',
  closed_at: null,
};
const POPUP_EXAMPLE = { id: 3, type: 'info', message: 'Version 2 is out!', is_active: true, created_at: '2026-01-15T10:00:00.000Z', updated_at: '2026-01-15T10:00:00.000Z' };

const notFound = (what: string) => new ContractException(merafError(`${what} not found.`, MerafCode.NOT_FOUND), 404);

/** Maps the services' domain errors to the tenant API's error shape. */
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
  @ApiOperation({ summary: 'List your products' })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [PRODUCT_EXAMPLE] } } })
  async listProducts(@Tenant() tenant: TenantContext) {
    return { result: 'success', data: (await this.products.list(tenant.id)).map(presentProduct) };
  }

  @Post('products')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Create a product', description: 'Without api_url and item_id the product serves free trials only.' })
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Product created.', data: PRODUCT_EXAMPLE } } })
  @ApiConflictResponse({ schema: { example: merafError('A product with this slug already exists.', 409) } })
  async createProduct(@Tenant() tenant: TenantContext, @Body() body: CreateFluentProductDto) {
    const product = await run(() =>
      this.products.create(tenant.id, { slug: body.slug, name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product created.', data: presentProduct(product) };
  }

  @Get('products/:slug')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Read a product' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiOkResponse({ schema: { example: { result: 'success', data: PRODUCT_EXAMPLE } } })
  @ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } })
  async getProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    return { result: 'success', data: presentProduct(await run(() => this.products.get(tenant.id, slug))) };
  }

  @Put('products/:slug')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Create or update a product (idempotent; only the fields sent change on an existing one)' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Product saved.', created: false, data: PRODUCT_EXAMPLE } } })
  async putProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: UpdateFluentProductDto) {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug)) throw new InputValidationException({ slug: ['slug must be 1-64 lower-case letters, digits, _ or -'] });
    const { product, created } = await run(() =>
      this.products.upsert(tenant.id, { slug, name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product saved.', created, data: presentProduct(product) };
  }

  @Patch('products/:slug')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Update a product (only the fields sent change)' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Product updated.', data: PRODUCT_EXAMPLE } } })
  @ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } })
  async updateProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: UpdateFluentProductDto) {
    const product = await run(() =>
      this.products.update(tenant.id, slug, { name: body.name, apiUrl: body.api_url, itemId: body.item_id, isActive: body.is_active }),
    );
    return { result: 'success', message: 'Product updated.', data: presentProduct(product) };
  }

  @Delete('products/:slug')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Delete a product with its leads, trials, activations and popup messages' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Product deleted.' } } })
  @ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } })
  async deleteProduct(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    await run(() => this.products.remove(tenant.id, slug));
    return { result: 'success', message: 'Product deleted.' };
  }

  // popup messages

  @Get('products/:slug/popup-messages')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({ summary: "List a product's popup messages" })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [POPUP_EXAMPLE] } } })
  async listPopupMessages(@Tenant() tenant: TenantContext, @Param('slug') slug: string) {
    return { result: 'success', data: (await run(() => this.products.listMessages(tenant.id, slug))).map(presentPopupMessage) };
  }

  @Post('products/:slug/popup-messages')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Add a popup message', description: 'Plugins see the change on their next app-license-check (the cache is refreshed at once).' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Popup message created.', data: POPUP_EXAMPLE } } })
  async createPopupMessage(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Body() body: CreateFluentPopupMessageDto) {
    const message = await run(() => this.products.addMessage(tenant.id, slug, { type: body.type, message: body.message, isActive: body.is_active }));
    return { result: 'success', message: 'Popup message created.', data: presentPopupMessage(message) };
  }

  @Patch('products/:slug/popup-messages/:id')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Update a popup message' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiParam({ name: 'id', example: 3 })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Popup message updated.', data: POPUP_EXAMPLE } } })
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
  @ApiOperation({ summary: 'Delete a popup message' })
  @ApiParam({ name: 'slug', example: 'appza' })
  @ApiParam({ name: 'id', example: 3 })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Popup message deleted.' } } })
  async deletePopupMessage(@Tenant() tenant: TenantContext, @Param('slug') slug: string, @Param('id', ParseIntPipe) id: number) {
    await run(() => this.products.removeMessage(tenant.id, slug, id));
    return { result: 'success', message: 'Popup message deleted.' };
  }

  // leads

  @Post('leads')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Create a lead', description: 'The token is shown only in this response; the plugin sends it in `appza-hash` (or `lazy-task-hash`, `fcom-mobile-hash`, `Authorization: Bearer`).' })
  @ApiCreatedResponse({
    schema: { example: { result: 'success', message: 'Lead created. The token is shown only in this response.', token: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c', data: LEAD_EXAMPLE } },
  })
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
  @ApiOperation({ summary: 'List your leads (newest first; tokens are never shown again)' })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [LEAD_EXAMPLE] } } })
  async listLeads(@Tenant() tenant: TenantContext, @Query() query: ListFluentLeadsQuery) {
    const rows = await this.leads.list(tenant.id, { productSlug: query.product, status: query.status });
    return { result: 'success', data: rows.map((r) => presentLead(r.lead, r.productSlug)) };
  }

  @Get('leads/:id')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Read a lead' })
  @ApiParam({ name: 'id', example: 7 })
  @ApiOkResponse({ schema: { example: { result: 'success', data: LEAD_EXAMPLE } } })
  @ApiNotFoundResponse({ schema: { example: merafError('Lead not found.', 404) } })
  async getLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number) {
    const found = await run(() => this.leads.get(tenant.id, id));
    return { result: 'success', data: presentLead(found.lead, found.productSlug) };
  }

  @Patch('leads/:id')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Suspend (inactive) or resume (active) a lead' })
  @ApiParam({ name: 'id', example: 7 })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Lead updated.', data: { ...LEAD_EXAMPLE, status: 'inactive' } } } })
  @ApiConflictResponse({ schema: { example: merafError('The lead is closed.', 409) } })
  async updateLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateFluentLeadDto) {
    const found = await run(() => this.leads.setStatus(tenant.id, id, body.status));
    return { result: 'success', message: 'Lead updated.', data: presentLead(found.lead, found.productSlug) };
  }

  @Post('leads/:id/close')
  @HttpCode(200)
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Close a lead for good: its token stops working at once' })
  @ApiParam({ name: 'id', example: 7 })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Lead closed.', data: { ...LEAD_EXAMPLE, status: 'closed', closed_at: '2026-02-01T10:00:00.000Z' } } } })
  async closeLead(@Tenant() tenant: TenantContext, @Param('id', ParseIntPipe) id: number) {
    const found = await run(() => this.leads.close(tenant.id, id));
    return { result: 'success', message: 'Lead closed.', data: presentLead(found.lead, found.productSlug) };
  }

  // read-only views for support

  @Get('free-trials')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Free trials of your products (newest first, up to 1000)' })
  @ApiOkResponse({
    schema: {
      example: {
        result: 'success',
        data: [
          {
            id: 1,
            product: 'appza',
            site_url: 'https://example.com',
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            status: 'active',
            license_type: 'free_trial',
            premium_activation_id: null,
            starts_at: '2026-01-15 10:00:00',
            expiration_date: '2026-01-22 10:00:00',
            grace_period_date: '2026-01-29 10:00:00',
            created_at: '2026-01-15T10:00:00.000Z',
          },
        ],
      },
    },
  })
  async listTrials(@Tenant() tenant: TenantContext, @Query() query: ListFluentSitesQuery) {
    const rows = await this.licenses.listTrials(tenant.id, { productSlug: query.product, siteUrl: query.site_url });
    return { result: 'success', data: rows.map((r) => presentTrial(r.trial, r.productSlug)) };
  }

  @Get('activations')
  @ReadOnly()
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Premium activations of your products (newest first, up to 1000)' })
  @ApiOkResponse({
    schema: {
      example: {
        result: 'success',
        data: [
          {
            id: 4,
            product: 'appza',
            site_url: 'https://example.com',
            license_key: 'FLUENT-LICENSE-KEY-1234',
            email: 'ada@example.com',
            is_current: true,
            is_deactivated: false,
            activated_at: '2026-01-16T09:00:00.000Z',
            deactivated_at: null,
            license: {
              license_status: 'valid',
              product_id: 10,
              variation_id: 15,
              product_title: 'Appza',
              variation_title: 'Pro License',
              activation_limit: 5,
              activations_count: 1,
              expiration_date: '2027-01-15 00:00:00',
            },
          },
        ],
      },
    },
  })
  async listActivations(@Tenant() tenant: TenantContext, @Query() query: ListFluentSitesQuery) {
    const rows = await this.licenses.listActivations(tenant.id, { productSlug: query.product, siteUrl: query.site_url, licenseKey: query.license_key });
    return { result: 'success', data: rows.map((r) => presentActivation(r.activation, r.info, r.productSlug)) };
  }
}
