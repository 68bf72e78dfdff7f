import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { formatMerafDate } from '../licenses/license-dates';
import { requestMeta } from '../licenses/request-meta';
import { emptyBody, unknownProductBody } from '../products/products.presenter';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { parseRangeHeader } from '../storage/byte-range';
import { attachmentDisposition } from '../storage/content-disposition';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { DownloadsService } from './downloads.service';
import {
  downloadGone,
  downloadRangeNotSatisfiable,
  downloadRefused,
  invalidLicenseBody,
  notRegisteredBody,
  presentOfferedFile,
  unknownVersionBody,
} from './downloads.presenter';
import { DownloadUrlQueryDto, ProductFilesQueryDto } from './dto/downloads.dto';

const URL_EXAMPLE = 'https://licenses.example.com/api/download/7.12.1736937000.dGhpcyBpcyBzZWFsZWQ.9f86d08188...0a08/my-plugin-1.4.0.zip';
const FILE_EXAMPLE = {
  product: 'My Plugin',
  variation: null,
  version: '1.4.0',
  current: true,
  name: 'my-plugin-1.4.0.zip',
  size: 482133,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  content_type: 'application/zip',
  date: '2025-01-15 10:33:00',
  download_url: URL_EXAMPLE,
  expires_at: '2025-01-15 10:40:00',
};
const PRODUCT_NAME_PARAM = { name: 'product_name', description: 'Product name or slug (case-insensitive), or "<product> <variation>"', example: 'My Plugin' };

/** Where the client reached us, for the download URLs (DOWNLOAD_BASE_URL overrides it). */
function baseUrlOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * Licensed downloads: the product files route (general key), fresh signed URLs for a client
 * with a license and a registered domain or device, and the signed download itself.
 */
@ApiTags('Product information (MERAF)')
@Controller()
export class DownloadsController {
  constructor(private readonly downloads: DownloadsService) {}

  @Get('api/product/files/:product_name/:secret')
  @SecretKey('general')
  @RateLimitTier('info')
  @ApiOperation({
    summary: "A product's files: name, version, size, SHA-256 (and signed download URLs with ?license_key=)",
    description:
      '`product_name` may be `all`. Without `license_key`, `download_url` is null: a download URL is always bound to a license, ' +
      'and only a usable license (active, not expired) of the product gets one. No files: `error_code` 204; unknown product: `error_code` 500; ' +
      'a license key that is unknown, not usable or not for the product: `error_code` 101.',
  })
  @ApiParam({ ...PRODUCT_NAME_PARAM, description: `${PRODUCT_NAME_PARAM.description}, or \`all\`` })
  @ApiOkResponse({
    examples: {
      files: { summary: 'Files', value: { result: 'success', product: 'My Plugin', files: [FILE_EXAMPLE] } },
      unlicensed: { summary: 'Without license_key', value: { result: 'success', product: 'My Plugin', files: [{ ...FILE_EXAMPLE, download_url: null, expires_at: null }] } },
      unknown: { summary: 'Unknown product', value: unknownProductBody() },
      empty: { summary: 'No files', value: emptyBody() },
      license: { summary: 'License not valid for it', value: invalidLicenseBody() },
    },
  })
  files(@Tenant() tenant: TenantContext, @Param('product_name') productName: string, @Query() query: ProductFilesQueryDto, @Req() req: FastifyRequest) {
    return this.productFiles(tenant, productName, query, req);
  }

  @Get('api/product/packages/:product_name/:secret')
  @SecretKey('general')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Deployed alias of GET /api/product/files/{product_name}/{secret}' })
  @ApiParam({ ...PRODUCT_NAME_PARAM, description: `${PRODUCT_NAME_PARAM.description}, or \`all\`` })
  @ApiOkResponse({ schema: { example: { result: 'success', product: 'My Plugin', files: [FILE_EXAMPLE] } } })
  packages(@Tenant() tenant: TenantContext, @Param('product_name') productName: string, @Query() query: ProductFilesQueryDto, @Req() req: FastifyRequest) {
    return this.productFiles(tenant, productName, query, req);
  }

  @Get('api/product/download-url/:product_name/:secret/:license_key')
  @SecretKey(['validation', 'general'])
  @RateLimitTier('auth')
  @ApiOperation({
    summary: 'Fresh signed download URLs for a licensed client (license key + registered domain or device)',
    description:
      'The license must be usable (active, not expired), be for this product (product_ref or item_reference), and have the ' +
      '`domain` (or `device`) registered. Answers the files of the current version (of the variation the license or `variation` names, ' +
      "else the product's), or of `version`. URLs expire after DOWNLOAD_URL_TTL_SECONDS. Outcomes: `error_code` 101 (license), " +
      '404 (not registered), 500 (unknown product or version), 204 (no files).',
  })
  @ApiParam(PRODUCT_NAME_PARAM)
  @ApiParam({ name: 'license_key', description: 'The license key', example: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J' })
  @ApiOkResponse({
    examples: {
      urls: {
        summary: 'Signed URLs',
        value: { result: 'success', product: 'My Plugin', version: '1.4.0', expires_at: '2025-01-15 10:40:00', files: [FILE_EXAMPLE] },
      },
      license: { summary: 'License not usable or not for this product', value: invalidLicenseBody() },
      registered: { summary: 'Domain not registered', value: notRegisteredBody('domain') },
    },
  })
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
  @RateLimitTier('info')
  @ApiOperation({
    summary: 'Download a release file through a signed URL',
    description:
      'Streams the file (constant memory) with Content-Length, Content-Type and Content-Disposition, when the signature checks out, ' +
      'the URL has not expired and the license it is bound to is still usable for the product. Otherwise 403 and nothing of the file. ' +
      'A single `Range: bytes=a-b` (or `a-`, `-n`) resumes a download: 206 with Content-Range; a range past the end is 416.',
  })
  @ApiParam({ name: 'token', description: 'Signed token (from download_url)' })
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range: `bytes=0-1023`, `bytes=1024-` or `bytes=-1024` (several ranges: the whole file)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file (Accept-Ranges: bytes)' })
  @ApiResponse({ status: 206, description: 'The bytes of the range asked for, with Content-Range: bytes a-b/size' })
  @ApiForbiddenResponse({ schema: { example: { result: 'error', message: 'This download link has expired.', error_code: 403 } } })
  @ApiNotFoundResponse({ schema: { example: { result: 'error', message: 'The requested file no longer exists.', error_code: 404 } } })
  @ApiResponse({
    status: 416,
    description: 'The range starts past the end of the file (Content-Range: bytes */size)',
    schema: { example: { result: 'error', message: 'The requested range is not satisfiable.', error_code: 416 } },
  })
  download(@Param('token') token: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.stream(token, req, reply);
  }

  @Get('api/download/:token/:file_name')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Same as /api/download/{token}; the trailing file name (ignored) helps clients that name files after the URL' })
  @ApiParam({ name: 'token', description: 'Signed token (from download_url)' })
  @ApiParam({ name: 'file_name', description: 'The file name (not checked)' })
  @ApiProduces('application/octet-stream')
  @ApiHeader({ name: 'Range', required: false, description: 'As for /api/download/{token}' })
  @ApiOkResponse({ description: 'The file' })
  @ApiResponse({ status: 206, description: 'The bytes of the range asked for' })
  downloadNamed(@Param('token') token: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.stream(token, req, reply);
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

  private async stream(token: string, req: FastifyRequest, reply: FastifyReply): Promise<StreamableFile> {
    // no validators (ETag, Last-Modified) are sent, so an If-Range cannot match: the whole file (RFC 9110 §13.1.5)
    const range = req.headers['if-range'] === undefined ? parseRangeHeader(req.headers.range) : undefined;
    const result = await this.downloads.open(token, requestMeta(req), range);
    if (result.outcome === 'refused') throw downloadRefused(result.reason);
    if (result.outcome === 'gone') throw downloadGone();
    if (result.outcome === 'range_not_satisfiable') {
      void reply.header('Content-Range', `bytes */${result.size}`);
      throw downloadRangeNotSatisfiable();
    }
    const { file } = result.view;
    const { stream, size, range: sent } = result.stored;
    void reply.header('Accept-Ranges', 'bytes');
    if (sent) void reply.status(206).header('Content-Range', `bytes ${sent.start}-${sent.end}/${size}`);
    return new StreamableFile(stream, {
      type: file.contentType,
      length: sent ? sent.end - sent.start + 1 : size,
      disposition: attachmentDisposition(file.fileName),
    });
  }
}
