import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileStreamInterceptor } from '@nestjs/platform-fastify/multipart';
import type { MultipartFileStream } from '@nestjs/platform-fastify/multipart';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { StreamableFile } from '@nestjs/common';
import { ApiFileAnswer, ApiNotFoundAnswer } from '../common/docs';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { attachmentDisposition } from '../storage/content-disposition';
import { UserApiKey } from '../tenants/guards/auth.decorators';
import {
  CreateCatalogProductDto,
  CreateVariationDto,
  CreateVersionDto,
  UpdateCatalogProductDto,
  UpdateVariationDto,
  UpdateVersionDto,
  VariationQueryDto,
} from './dto/product.dto';
import { UploadRejectedError } from './product-errors';
import { currentVersions, presentFile, presentProduct, presentVariation, presentVersion, ProductsErrorsInterceptor } from './products.presenter';
import { ProductsService } from './products.service';
import { ReleaseFilesService } from './release-files.service';
import { ReleasesService } from './releases.service';

const PRODUCT_EXAMPLE = {
  id: 1,
  name: 'My Plugin',
  slug: 'my-plugin',
  description: 'WordPress plugin that does X.',
  created_at: '2025-01-15T10:30:00.000Z',
  updated_at: '2025-01-15T10:30:00.000Z',
};
const VARIATION_EXAMPLE = { id: 3, name: 'pro', slug: 'pro', created_at: '2025-01-15T10:31:00.000Z', updated_at: '2025-01-15T10:31:00.000Z' };
const VERSION_EXAMPLE = {
  id: 7,
  version: '1.4.0',
  variation: null,
  variation_id: null,
  current: true,
  release_date: '2025-01-15T00:00:00.000Z',
  changelog: '### Added\n- Dark mode',
  created_at: '2025-01-15T10:32:00.000Z',
  updated_at: '2025-01-15T10:32:00.000Z',
};
const FILE_EXAMPLE = {
  id: 12,
  name: 'my-plugin-1.4.0.zip',
  version: '1.4.0',
  version_id: 7,
  variation: null,
  size: 482133,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  content_type: 'application/zip',
  created_at: '2025-01-15T10:33:00.000Z',
};
const NOT_FOUND_EXAMPLE = { result: 'error', message: 'Product not found.', error_code: 404 };
const PRODUCT_PARAM = { name: 'product', description: 'Product id, slug or name', example: 'my-plugin' };
const VERSION_PARAM = { name: 'version', description: 'Version id or version string (in the line of ?variation=)', example: '1.4.0' };

/**
 * The vendor's catalogue management (User-API-Key): products, variations, versions with
 * changelogs, and release files.
 */
@ApiTags('Tenant: products')
@Controller('api/user/products')
@UserApiKey()
@UseInterceptors(ProductsErrorsInterceptor)
export class UserProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly releases: ReleasesService,
    private readonly files: ReleaseFilesService,
  ) {}

  @Get()
  @RateLimitTier('info')
  @ApiOperation({ summary: "List the tenant's products with their variations and current version" })
  @ApiOkResponse({ schema: { example: { result: 'success', products: [{ ...PRODUCT_EXAMPLE, current_version: '1.4.0', variations: [VARIATION_EXAMPLE] }] } } })
  async list(@Tenant() tenant: TenantContext) {
    const products = await this.products.list(tenant.id);
    const ids = products.map((p) => p.id);
    const [variations, versions] = await Promise.all([this.products.variationsByProduct(tenant.id, ids), this.releases.versionsOf(tenant.id, ids)]);
    return {
      result: 'success',
      products: products.map((p) => ({
        ...presentProduct(p),
        current_version: currentVersions(versions.filter((v) => v.productId === p.id)).get(0)?.version ?? null,
        variations: (variations.get(p.id) ?? []).map(presentVariation),
      })),
    };
  }

  @Post()
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Create a product' })
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Product created.', product: PRODUCT_EXAMPLE } } })
  @ApiConflictResponse({ schema: { example: { result: 'error', message: 'A product with this name already exists.', error_code: 409, errors: { name: ['A product with this name already exists.'] } } } })
  async create(@Tenant() tenant: TenantContext, @Body() body: CreateCatalogProductDto) {
    const product = await this.products.create(tenant.id, body);
    return { result: 'success', message: 'Product created.', product: presentProduct(product) };
  }

  @Get(':product')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Read a product with its variations and versions' })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', product: { ...PRODUCT_EXAMPLE, variations: [VARIATION_EXAMPLE], versions: [VERSION_EXAMPLE] } } } })
  @ApiNotFoundResponse({ schema: { example: NOT_FOUND_EXAMPLE } })
  async get(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { product, versions } = await this.releases.list(tenant.id, ref);
    const variations = await this.products.variationsOf(product.id);
    return { result: 'success', product: { ...presentProduct(product), variations: variations.map(presentVariation), versions: versions.map(presentVersion) } };
  }

  @Patch(':product')
  @RateLimitTier('management')
  @ApiOperation({
    summary: 'Rename a product, change its slug or description',
    description: 'Refused (409) while licenses reference the product by the name or slug being changed.',
  })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Product updated.', product: PRODUCT_EXAMPLE } } })
  @ApiConflictResponse({ schema: { example: { result: 'error', message: '2 license(s) reference this product by the name or slug being changed; change their product_ref first.', error_code: 409, licenses: 2 } } })
  async update(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Body() body: UpdateCatalogProductDto) {
    const product = await this.products.update(tenant.id, ref, body);
    return { result: 'success', message: 'Product updated.', product: presentProduct(product) };
  }

  @Delete(':product')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Delete a product with its variations, versions and files', description: 'Refused (409) while licenses reference it.' })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Product deleted.' } } })
  @ApiConflictResponse({ schema: { example: { result: 'error', message: 'This product is still referenced by 3 license(s); delete them or change their product_ref first.', error_code: 409, licenses: 3 } } })
  async remove(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    await this.products.remove(tenant.id, ref);
    return { result: 'success', message: 'Product deleted.' };
  }

  // ---------- variations ----------

  @Get(':product/variations')
  @RateLimitTier('info')
  @ApiOperation({ summary: "List a product's variations" })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', variations: [VARIATION_EXAMPLE] } } })
  async listVariations(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { variations } = await this.products.listVariations(tenant.id, ref);
    return { result: 'success', variations: variations.map(presentVariation) };
  }

  @Post(':product/variations')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Add a variation (e.g. pro, agency)' })
  @ApiParam(PRODUCT_PARAM)
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Variation created.', variation: VARIATION_EXAMPLE } } })
  async addVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Body() body: CreateVariationDto) {
    const { variation } = await this.products.addVariation(tenant.id, ref, body);
    return { result: 'success', message: 'Variation created.', variation: presentVariation(variation) };
  }

  @Patch(':product/variations/:variation')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Rename a variation', description: 'Refused (409) while licenses reference "<product> <variation>".' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam({ name: 'variation', description: 'Variation id, slug or name', example: 'pro' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Variation updated.', variation: VARIATION_EXAMPLE } } })
  async updateVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('variation') variationRef: string, @Body() body: UpdateVariationDto) {
    const { variation } = await this.products.updateVariation(tenant.id, ref, variationRef, body);
    return { result: 'success', message: 'Variation updated.', variation: presentVariation(variation) };
  }

  @Delete(':product/variations/:variation')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Delete a variation with its versions and files' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam({ name: 'variation', description: 'Variation id, slug or name', example: 'pro' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Variation deleted.' } } })
  async removeVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('variation') variationRef: string) {
    await this.products.removeVariation(tenant.id, ref, variationRef);
    return { result: 'success', message: 'Variation deleted.' };
  }

  // ---------- versions and changelog ----------

  @Get(':product/versions')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'List versions with their changelog entries, newest first', description: '?variation= limits the list to one line.' })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', versions: [VERSION_EXAMPLE] } } })
  async listVersions(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Query() query: VariationQueryDto) {
    const { versions } = await this.releases.list(tenant.id, ref, query.variation);
    return { result: 'success', versions: versions.map(presentVersion) };
  }

  @Post(':product/versions')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Add a version (semver) with its changelog entry, to the product or one of its variations' })
  @ApiParam(PRODUCT_PARAM)
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Version created.', version: VERSION_EXAMPLE } } })
  @ApiConflictResponse({ schema: { example: { result: 'error', message: 'Version 1.4.0 already exists.', error_code: 409, errors: { version: ['Version 1.4.0 already exists.'] } } } })
  async createVersion(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Body() body: CreateVersionDto) {
    const created = await this.releases.create(tenant.id, ref, {
      version: body.version,
      variation: body.variation,
      changelog: body.changelog,
      releaseDate: body.release_date,
      current: body.current,
    });
    return { result: 'success', message: 'Version created.', version: presentVersion(created) };
  }

  @Get(':product/versions/:version')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Read a version' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', version: VERSION_EXAMPLE } } })
  async getVersion(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    return { result: 'success', version: presentVersion(await this.releases.get(tenant.id, ref, versionRef, query.variation)) };
  }

  @Patch(':product/versions/:version')
  @RateLimitTier('management')
  @ApiOperation({ summary: "Edit a version's changelog or release date, or make it the current version" })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Version updated.', version: VERSION_EXAMPLE } } })
  async updateVersion(
    @Tenant() tenant: TenantContext,
    @Param('product') ref: string,
    @Param('version') versionRef: string,
    @Query() query: VariationQueryDto,
    @Body() body: UpdateVersionDto,
  ) {
    const updated = await this.releases.update(tenant.id, ref, versionRef, query.variation, {
      changelog: body.changelog,
      releaseDate: body.release_date,
      current: body.current,
    });
    return { result: 'success', message: 'Version updated.', version: presentVersion(updated) };
  }

  @Delete(':product/versions/:version')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Delete a version and its files', description: 'When it was current, the highest remaining stable version of its line becomes current.' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Version deleted.' } } })
  async removeVersion(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    await this.releases.remove(tenant.id, ref, versionRef, query.variation);
    return { result: 'success', message: 'Version deleted.' };
  }

  // ---------- release files ----------

  @Get(':product/versions/:version/files')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'List the files of a version' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', files: [FILE_EXAMPLE] } } })
  async listVersionFiles(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    const { files } = await this.files.list(tenant.id, ref, versionRef, query.variation);
    return { result: 'success', files: files.map(presentFile) };
  }

  @Post(':product/versions/:version/files')
  @RateLimitTier('management')
  @UseInterceptors(FileStreamInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a release file to a version (multipart/form-data, field "file")',
    description:
      'Streamed to disk while its SHA-256 is computed; refused when larger than UPLOAD_MAX_BYTES (413), empty, ' +
      'named with a path, of a type that is not a release format, or when its content does not match its type (400). ' +
      'A refused or interrupted upload leaves no file and no row.',
  })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'File uploaded.', file: FILE_EXAMPLE } } })
  @ApiPayloadTooLargeResponse({ schema: { example: { result: 'error', message: 'The file is larger than the limit of 104857600 bytes.', error_code: 413, max_bytes: 104857600 } } })
  async upload(
    @Tenant() tenant: TenantContext,
    @Param('product') ref: string,
    @Param('version') versionRef: string,
    @Query() query: VariationQueryDto,
    @UploadedFile() file: MultipartFileStream | undefined,
  ) {
    if (!file?.stream) throw new UploadRejectedError('file', 'Send the file as multipart/form-data in the field "file".');
    const stored = await this.files.upload(tenant.id, ref, versionRef, query.variation, { fileName: file.originalname, stream: file.stream });
    return { result: 'success', message: 'File uploaded.', file: presentFile(stored) };
  }

  @Get(':product/files')
  @RateLimitTier('info')
  @ApiOperation({ summary: "List all of a product's files, newest version first" })
  @ApiParam(PRODUCT_PARAM)
  @ApiOkResponse({ schema: { example: { result: 'success', files: [FILE_EXAMPLE] } } })
  async listFiles(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { files } = await this.files.list(tenant.id, ref);
    return { result: 'success', files: files.map(presentFile) };
  }

  @Get(':product/files/:file/download')
  @RateLimitTier('info')
  @ApiOperation({ summary: 'Download a release file (the vendor; customers use signed download URLs)' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam({ name: 'file', description: 'File id', example: '12' })
  @ApiFileAnswer('The file, streamed, with Content-Length, Content-Type and Content-Disposition: attachment')
  @ApiNotFoundAnswer('File not found.')
  async download(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('file') fileId: string) {
    const { file } = await this.files.get(tenant.id, ref, fileId);
    const { stream, size } = await this.files.open(file);
    return new StreamableFile(stream, { type: file.contentType, length: size, disposition: attachmentDisposition(file.fileName) });
  }

  @Delete(':product/files/:file')
  @RateLimitTier('management')
  @ApiOperation({ summary: 'Delete a release file' })
  @ApiParam(PRODUCT_PARAM)
  @ApiParam({ name: 'file', description: 'File id', example: '12' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'File deleted.' } } })
  async removeFile(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('file') fileId: string) {
    await this.files.remove(tenant.id, ref, fileId);
    return { result: 'success', message: 'File deleted.' };
  }
}
