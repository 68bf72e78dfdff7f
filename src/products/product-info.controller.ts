import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey, UserApiKey } from '../tenants/guards/auth.decorators';
import { ProductInfoService } from './product-info.service';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { ProductsDocs, ProductsAliasDocs, WithVariationsDocs, WithVariationsAliasDocs, VersionsDocs, VersionsAliasDocs, VariationsDocs, ChangelogDocs } from './product-info.docs';

/**
 * Section 6 of the MERAF Panel API ("Product Information"), general secret key, plus the
 * deployed aliases that take the User-API-Key header (DECISIONS A4): same handlers, same
 * answers. Nothing found: HTTP 200 with `error_code` 204; unknown product: `error_code` 500.
 */
@ApiTags('Product information (MERAF)')
@Controller()
export class ProductInfoController {
  constructor(private readonly info: ProductInfoService) {}

  @Get('api/info/products/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @ProductsDocs()
  products(@Tenant() tenant: TenantContext) {
    return this.info.productNames(tenant.id);
  }

  @Get('api/product/all')
  @ReadOnly()
  @UserApiKey()
  @RateLimitTier('info')
  @ProductsAliasDocs()
  productsAlias(@Tenant() tenant: TenantContext) {
    return this.info.productNames(tenant.id);
  }

  @Get('api/info/products/variations/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @WithVariationsDocs()
  withVariations(@Tenant() tenant: TenantContext) {
    return this.info.withVariations(tenant.id);
  }

  @Get('api/product/with-variations')
  @ReadOnly()
  @UserApiKey()
  @RateLimitTier('info')
  @WithVariationsAliasDocs()
  withVariationsAlias(@Tenant() tenant: TenantContext) {
    return this.info.withVariations(tenant.id);
  }

  @Get('api/info/products/versions/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @VersionsDocs()
  versions(@Tenant() tenant: TenantContext) {
    return this.info.currentVersions(tenant.id);
  }

  @Get('api/product/current-versions')
  @ReadOnly()
  @UserApiKey()
  @RateLimitTier('info')
  @VersionsAliasDocs()
  versionsAlias(@Tenant() tenant: TenantContext) {
    return this.info.currentVersions(tenant.id);
  }

  @Get('api/variation/all')
  @ReadOnly()
  @UserApiKey()
  @RateLimitTier('info')
  @VariationsDocs()
  variations(@Tenant() tenant: TenantContext) {
    return this.info.variationList(tenant.id);
  }

  @Get('api/product/changelog/:product_name/:secret')
  @ReadOnly()
  @SecretKey('general')
  @RateLimitTier('info')
  @ChangelogDocs()
  changelog(@Tenant() tenant: TenantContext, @Param('product_name') productName: string) {
    return this.info.changelog(tenant.id, productName);
  }
}
