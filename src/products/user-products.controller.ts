import { Body, Controller, Delete, Get, Param, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileStreamInterceptor } from '@nestjs/platform-fastify/multipart';
import type { MultipartFileStream } from '@nestjs/platform-fastify/multipart';
import { ApiTags } from '@nestjs/swagger';
import { StreamableFile } from '@nestjs/common';
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
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { ListDocs, CreateDocs, GetDocs, UpdateDocs, RemoveDocs, ListVariationsDocs, AddVariationDocs, UpdateVariationDocs, RemoveVariationDocs, ListVersionsDocs, CreateVersionDocs, GetVersionDocs, UpdateVersionDocs, RemoveVersionDocs, ListVersionFilesDocs, UploadDocs, ListFilesDocs, DownloadDocs, RemoveFileDocs } from './user-products.docs';

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
  @ReadOnly()
  @RateLimitTier('info')
  @ListDocs()
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
  @CreateDocs()
  async create(@Tenant() tenant: TenantContext, @Body() body: CreateCatalogProductDto) {
    const product = await this.products.create(tenant.id, body);
    return { result: 'success', message: 'Product created.', product: presentProduct(product) };
  }

  @Get(':product')
  @ReadOnly()
  @RateLimitTier('info')
  @GetDocs()
  async get(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { product, versions } = await this.releases.list(tenant.id, ref);
    const variations = await this.products.variationsOf(product.id);
    return { result: 'success', product: { ...presentProduct(product), variations: variations.map(presentVariation), versions: versions.map(presentVersion) } };
  }

  @Patch(':product')
  @RateLimitTier('management')
  @UpdateDocs()
  async update(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Body() body: UpdateCatalogProductDto) {
    const product = await this.products.update(tenant.id, ref, body);
    return { result: 'success', message: 'Product updated.', product: presentProduct(product) };
  }

  @Delete(':product')
  @RateLimitTier('management')
  @RemoveDocs()
  async remove(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    await this.products.remove(tenant.id, ref);
    return { result: 'success', message: 'Product deleted.' };
  }

  // ---------- variations ----------

  @Get(':product/variations')
  @ReadOnly()
  @RateLimitTier('info')
  @ListVariationsDocs()
  async listVariations(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { variations } = await this.products.listVariations(tenant.id, ref);
    return { result: 'success', variations: variations.map(presentVariation) };
  }

  @Post(':product/variations')
  @RateLimitTier('management')
  @AddVariationDocs()
  async addVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Body() body: CreateVariationDto) {
    const { variation } = await this.products.addVariation(tenant.id, ref, body);
    return { result: 'success', message: 'Variation created.', variation: presentVariation(variation) };
  }

  @Patch(':product/variations/:variation')
  @RateLimitTier('management')
  @UpdateVariationDocs()
  async updateVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('variation') variationRef: string, @Body() body: UpdateVariationDto) {
    const { variation } = await this.products.updateVariation(tenant.id, ref, variationRef, body);
    return { result: 'success', message: 'Variation updated.', variation: presentVariation(variation) };
  }

  @Delete(':product/variations/:variation')
  @RateLimitTier('management')
  @RemoveVariationDocs()
  async removeVariation(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('variation') variationRef: string) {
    await this.products.removeVariation(tenant.id, ref, variationRef);
    return { result: 'success', message: 'Variation deleted.' };
  }

  // ---------- versions and changelog ----------

  @Get(':product/versions')
  @ReadOnly()
  @RateLimitTier('info')
  @ListVersionsDocs()
  async listVersions(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Query() query: VariationQueryDto) {
    const { versions } = await this.releases.list(tenant.id, ref, query.variation);
    return { result: 'success', versions: versions.map(presentVersion) };
  }

  @Post(':product/versions')
  @RateLimitTier('management')
  @CreateVersionDocs()
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
  @ReadOnly()
  @RateLimitTier('info')
  @GetVersionDocs()
  async getVersion(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    return { result: 'success', version: presentVersion(await this.releases.get(tenant.id, ref, versionRef, query.variation)) };
  }

  @Patch(':product/versions/:version')
  @RateLimitTier('management')
  @UpdateVersionDocs()
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
  @RemoveVersionDocs()
  async removeVersion(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    await this.releases.remove(tenant.id, ref, versionRef, query.variation);
    return { result: 'success', message: 'Version deleted.' };
  }

  // ---------- release files ----------

  @Get(':product/versions/:version/files')
  @ReadOnly()
  @RateLimitTier('info')
  @ListVersionFilesDocs()
  async listVersionFiles(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('version') versionRef: string, @Query() query: VariationQueryDto) {
    const { files } = await this.files.list(tenant.id, ref, versionRef, query.variation);
    return { result: 'success', files: files.map(presentFile) };
  }

  @Post(':product/versions/:version/files')
  @RateLimitTier('management')
  @UseInterceptors(FileStreamInterceptor('file'))
  @UploadDocs()
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
  @ReadOnly()
  @RateLimitTier('info')
  @ListFilesDocs()
  async listFiles(@Tenant() tenant: TenantContext, @Param('product') ref: string) {
    const { files } = await this.files.list(tenant.id, ref);
    return { result: 'success', files: files.map(presentFile) };
  }

  @Get(':product/files/:file/download')
  @ReadOnly()
  @RateLimitTier('info')
  @DownloadDocs()
  async download(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('file') fileId: string) {
    const { file } = await this.files.get(tenant.id, ref, fileId);
    const { stream, size } = await this.files.open(file);
    return new StreamableFile(stream, { type: file.contentType, length: size, disposition: attachmentDisposition(file.fileName) });
  }

  @Delete(':product/files/:file')
  @RateLimitTier('management')
  @RemoveFileDocs()
  async removeFile(@Tenant() tenant: TenantContext, @Param('product') ref: string, @Param('file') fileId: string) {
    await this.files.remove(tenant.id, ref, fileId);
    return { result: 'success', message: 'File deleted.' };
  }
}
