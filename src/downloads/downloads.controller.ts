import { Controller, Get, Param, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { formatMerafDate } from '../licenses/license-dates';
import { requestMeta } from '../licenses/request-meta';
import { emptyBody, unknownProductBody } from '../products/products.presenter';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { attachmentDisposition } from '../storage/content-disposition';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { DownloadsService } from './downloads.service';
import {
  downloadGone,
  downloadRefused,
  invalidLicenseBody,
  notRegisteredBody,
  presentOfferedFile,
  unknownVersionBody,
} from './downloads.presenter';
import { DownloadUrlQueryDto, ProductFilesQueryDto } from './dto/downloads.dto';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { FilesDocs, PackagesDocs, DownloadUrlDocs, DownloadDocs, DownloadNamedDocs } from './downloads.docs';

function baseUrlOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Where the client reached us, for the download URLs (DOWNLOAD_BASE_URL overrides it). */
/**
 * Licensed downloads: the product files route (general key), fresh signed URLs for a client
 * with a license and a registered domain or device, and the signed download itself.
 */
@ApiTags('Product information (MERAF)')
@Controller()
export class DownloadsController {
  constructor(private readonly downloads: DownloadsService) {}

  @Get('api/product/files/:product_name/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @FilesDocs()
  files(@Tenant() tenant: TenantContext, @Param('product_name') productName: string, @Query() query: ProductFilesQueryDto, @Req() req: FastifyRequest) {
    return this.productFiles(tenant, productName, query, req);
  }

  @Get('api/product/packages/:product_name/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @PackagesDocs()
  packages(@Tenant() tenant: TenantContext, @Param('product_name') productName: string, @Query() query: ProductFilesQueryDto, @Req() req: FastifyRequest) {
    return this.productFiles(tenant, productName, query, req);
  }

  @Get('api/product/download-url/:product_name/:secret/:license_key')
  @ReadOnly()
  @SecretKey(['validation', 'general'])
  @RateLimitTier('auth')
  @DownloadUrlDocs()
  async downloadUrl(
    @Tenant() tenant: TenantContext,
    @Param('product_name') productName: string,
    @Param('license_key') licenseKey: string,
    @Query() query: DownloadUrlQueryDto,
    @Req() req: FastifyRequest,
  ) {
    const given = [query.domain !== undefined && 'domain', query.device !== undefined && 'device'].filter(Boolean) as Array<'domain' | 'device'>;
    if (given.length !== 1) throw new InputValidationException({ domain: ['send exactly one of domain or device: the one registered on the license'] });
    const type = given[0];
    const result = await this.downloads.downloadUrls(
      tenant.id,
      productName,
      licenseKey,
      { type, name: (type === 'domain' ? query.domain : query.device)! },
      { version: query.version, variation: query.variation },
      baseUrlOf(req),
      requestMeta(req),
    );
    switch (result.outcome) {
      case 'unknown_product':
        return unknownProductBody();
      case 'invalid_license':
        return invalidLicenseBody();
      case 'not_registered':
        return notRegisteredBody(result.type);
      case 'unknown_version':
        return unknownVersionBody();
      case 'empty':
        return emptyBody();
      case 'files':
        return {
          result: 'success',
          product: result.product.name,
          version: result.version,
          expires_at: formatMerafDate(result.expiresAt),
          files: result.files.map(presentOfferedFile),
        };
    }
  }

  @Get('api/download/:token')
  @ReadOnly()
  @RateLimitTier('info')
  @DownloadDocs()
  download(@Param('token') token: string, @Req() req: FastifyRequest) {
    return this.stream(token, req);
  }

  @Get('api/download/:token/:file_name')
  @ReadOnly()
  @RateLimitTier('info')
  @DownloadNamedDocs()
  downloadNamed(@Param('token') token: string, @Req() req: FastifyRequest) {
    return this.stream(token, req);
  }

  private async productFiles(tenant: TenantContext, productName: string, query: ProductFilesQueryDto, req: FastifyRequest) {
    const result = await this.downloads.productFiles(tenant.id, productName, query.license_key, baseUrlOf(req), requestMeta(req));
    switch (result.outcome) {
      case 'unknown_product':
        return unknownProductBody();
      case 'invalid_license':
        return invalidLicenseBody();
      case 'empty':
        return emptyBody();
      case 'files':
        return { result: 'success', ...(result.product ? { product: result.product.name } : {}), files: result.files.map(presentOfferedFile) };
    }
  }

  private async stream(token: string, req: FastifyRequest): Promise<StreamableFile> {
    const result = await this.downloads.open(token, requestMeta(req));
    if (result.outcome === 'refused') throw downloadRefused(result.reason);
    if (result.outcome === 'gone') throw downloadGone();
    const { file } = result.view;
    return new StreamableFile(result.stored.stream, {
      type: file.contentType,
      length: result.stored.size,
      disposition: attachmentDisposition(file.fileName),
    });
  }
}
