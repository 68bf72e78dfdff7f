import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ContractException, InputValidationException } from '../common/contract.exception';
import type { FieldErrors } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { RequestWithTenant, TenantContext } from '../common/decorators/tenant.decorator';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { OptionalUserApiKey, SecretKey } from '../tenants/guards/auth.decorators';
import {
  CSV_HEADER,
  csvLine,
  csvRow,
  EMPTY_BODY,
  MESSAGES,
  presentCreated,
  presentCreateInvalid,
  presentDeleted,
  presentLicenseData,
  presentListRow,
  presentUpdated,
  presentValidation,
} from './license.presenter';
import { DELETE_OPTIONS, DeleteOption, LicensesService } from './licenses.service';
import { parseListQuery } from './list-query';
import { requestMeta } from './request-meta';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { CreateFromQueryDocs, CreateFromBodyDocs, ValidatePostDocs, ValidateGetDocs, VerifyDocs, ListDocs, ExportDocs, EditDocs, DeleteGetDocs, DeletePostDocs, DataByPurchaseDocs, DataByTxnDocs, DataByKeyDocs, ConfigDocs, GenerateDocs } from './licenses.docs';

function invalidCreate(errors: FieldErrors) {
  return new ContractException(presentCreateInvalid(errors), 400);
}

@ApiTags('Licenses (MERAF API)')
@Controller('api/license')
export class LicensesController {
  constructor(private readonly licenses: LicensesService) {}

  // ---- create ---------------------------------------------------------------------------

  @Get('create/:secret/data')
  @SecretKey('creation')
  @RateLimitTier('auth')
  @CreateFromQueryDocs()
  async createFromQuery(@Tenant() tenant: TenantContext, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest) {
    return this.create(tenant, query, req);
  }

  @Post('create/:secret/data')
  @HttpCode(200)
  @SecretKey('creation')
  @RateLimitTier('auth')
  @CreateFromBodyDocs()
  async createFromBody(@Tenant() tenant: TenantContext, @Body() body: unknown, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest) {
    // A POST without a body takes the documented query string (a client that switched the GET example's method).
    const noBody = body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
    return this.create(tenant, noBody && Object.keys(query ?? {}).length > 0 ? query : body, req);
  }

  private async create(tenant: TenantContext, input: unknown, req: FastifyRequest) {
    const result = await this.licenses.create(tenant.id, input, 'api', requestMeta(req));
    if (result.outcome === 'invalid') throw invalidCreate(result.errors);
    if (result.outcome === 'exists') return merafError(MESSAGES.EXISTS, MerafCode.LICENSE_EXIST);
    return presentCreated(result.license);
  }

  // ---- validate -------------------------------------------------------------------------

  @Post('validate/:secret/:key')
  @HttpCode(200)
  @SecretKey('validation')
  @RateLimitTier('auth')
  @ValidatePostDocs()
  async validatePost(@Tenant() tenant: TenantContext, @Param('key') key: string, @Req() req: FastifyRequest) {
    return presentValidation(await this.licenses.validate(tenant.id, key, requestMeta(req)));
  }

  @Get('validate/:secret/:key')
  @SecretKey('validation')
  @RateLimitTier('auth')
  @ValidateGetDocs()
  async validateGet(@Tenant() tenant: TenantContext, @Param('key') key: string, @Req() req: FastifyRequest) {
    return presentValidation(await this.licenses.validate(tenant.id, key, requestMeta(req)));
  }

  @Post('verify/:secret/:key')
  @HttpCode(200)
  @SecretKey('validation')
  @RateLimitTier('auth')
  @VerifyDocs()
  async verify(@Tenant() tenant: TenantContext, @Param('key') key: string, @Req() req: FastifyRequest) {
    return presentValidation(await this.licenses.validate(tenant.id, key, requestMeta(req)));
  }

  // ---- list, export ---------------------------------------------------------------------

  @Get('all/:secret')
  @ReadOnly()
  @SecretKey('management')
  @RateLimitTier('info')
  @ListDocs()
  async list(@Tenant() tenant: TenantContext, @Query() query: Record<string, unknown>) {
    const { query: q, errors } = parseListQuery(query);
    if (Object.keys(errors).length) throw new InputValidationException(errors);
    const page = await this.licenses.list(tenant.id, q.filter, q.start, q.length);
    return { draw: q.draw, recordsTotal: page.total, recordsFiltered: page.filtered, data: page.rows.map(presentListRow) };
  }

  @Get('export/:secret')
  @ReadOnly()
  @SecretKey('management')
  @RateLimitTier('management')
  @ExportDocs()
  async export(@Tenant() tenant: TenantContext, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { query: q, errors } = parseListQuery(query);
    if (Object.keys(errors).length) throw new InputValidationException(errors);
    const batches = this.licenses.exportBatches(tenant.id, q.filter);
    async function* lines() {
      yield csvLine(CSV_HEADER);
      for await (const batch of batches) yield batch.map(csvRow).join('');
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="licenses_export_${stamp}.csv"`)
      .send(Readable.from(lines()));
  }

  // ---- edit, delete ---------------------------------------------------------------------

  @Post('edit/:secret')
  @HttpCode(200)
  @SecretKey('management')
  @RateLimitTier('management')
  @EditDocs()
  async edit(@Tenant() tenant: TenantContext, @Body() body: Record<string, unknown>, @Req() req: FastifyRequest) {
    const result = await this.licenses.edit(tenant.id, body, requestMeta(req));
    if (result.outcome === 'invalid') {
      throw new InputValidationException(result.errors, { errorCode: MerafCode.KEY_UPDATE_FAILED, message: MESSAGES.UPDATE_FAILED });
    }
    if (result.outcome === 'not_found') return merafError(MESSAGES.NOT_FOUND, MerafCode.KEY_UPDATE_FAILED);
    return presentUpdated(result.license, result.changed);
  }

  @Get('delete/:option/:secret/:key')
  @SecretKey('management')
  @RateLimitTier('management')
  @DeleteGetDocs()
  async deleteGet(@Tenant() tenant: TenantContext, @Param('option') option: string, @Param('key') key: string, @Req() req: FastifyRequest) {
    return this.remove(tenant, option, key, req);
  }

  @Post('delete/:option/:secret/:key')
  @HttpCode(200)
  @SecretKey('management')
  @RateLimitTier('management')
  @DeletePostDocs()
  async deletePost(@Tenant() tenant: TenantContext, @Param('option') option: string, @Param('key') key: string, @Req() req: FastifyRequest) {
    return this.remove(tenant, option, key, req);
  }

  private async remove(tenant: TenantContext, option: string, key: string, req: FastifyRequest) {
    if (!(DELETE_OPTIONS as readonly string[]).includes(option)) {
      throw new InputValidationException({ option: [`option must be one of ${DELETE_OPTIONS.join(', ')}`] });
    }
    const result = await this.licenses.remove(tenant.id, option as DeleteOption, key, requestMeta(req));
    if (result.outcome === 'not_found') return merafError(MESSAGES.NOT_FOUND, MerafCode.INVALID_LICENSE);
    return presentDeleted(key, option as DeleteOption, result.counts);
  }

  // ---- data lookups ---------------------------------------------------------------------

  @Get('data/:secret/:purchase_id/:product')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @DataByPurchaseDocs()
  async dataByPurchase(@Tenant() tenant: TenantContext, @Param('purchase_id') purchaseId: string, @Param('product') product: string) {
    const license = await this.licenses.findByPurchase(tenant.id, 'purchase', purchaseId, product);
    return license ? presentLicenseData(license) : EMPTY_BODY;
  }

  @Get('data-by-txn/:secret/:txn/:product')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @DataByTxnDocs()
  async dataByTxn(@Tenant() tenant: TenantContext, @Param('txn') txn: string, @Param('product') product: string) {
    const license = await this.licenses.findByPurchase(tenant.id, 'txn', txn, product);
    return license ? presentLicenseData(license) : EMPTY_BODY;
  }

  @Get('data-by-key/:secret/:key')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @DataByKeyDocs()
  async dataByKey(@Tenant() tenant: TenantContext, @Param('key') key: string) {
    const license = await this.licenses.findByKey(tenant.id, key);
    return license ? presentLicenseData(license) : EMPTY_BODY;
  }

  @Get('config/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @ConfigDocs()
  async config(@Tenant() tenant: TenantContext) {
    const s = await this.licenses.settingsOf(tenant.id);
    return {
      defaultAllowedDomains: s.defaultAllowedDomains,
      defaultAllowedDevices: s.defaultAllowedDevices,
      defaultTrialDays: s.defaultTrialDays,
      default_license_status: s.defaultLicenseStatus,
    };
  }

  // ---- generate -------------------------------------------------------------------------

  @Get('generate')
  @ReadOnly()
  @OptionalUserApiKey()
  @RateLimitTier('none')
  @GenerateDocs()
  async generate(@Req() req: FastifyRequest & RequestWithTenant, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.type('application/json; charset=utf-8');
    return JSON.stringify(await this.licenses.generateKey(req.tenant?.id ?? null));
  }
}
