import { Injectable } from '@nestjs/common';
import {
  emptyBody,
  presentChangelog,
  presentInfoProducts,
  presentInfoVariationList,
  presentInfoVariations,
  presentInfoVersions,
  unknownProductBody,
} from './products.presenter';
import { ProductsService } from './products.service';
import { ReleasesService } from './releases.service';

/** The read side of the MERAF product information routes (bodies in the MERAF envelope, HTTP 200). */
@Injectable()
export class ProductInfoService {
  constructor(
    private readonly products: ProductsService,
    private readonly releases: ReleasesService,
  ) {}

  async productNames(tenantId: number) {
    const products = await this.products.list(tenantId);
    return products.length ? presentInfoProducts(products) : emptyBody();
  }

  async withVariations(tenantId: number) {
    const products = await this.products.list(tenantId);
    if (!products.length) return emptyBody();
    return presentInfoVariations(products, await this.products.variationsByProduct(tenantId, products.map((p) => p.id)));
  }

  async currentVersions(tenantId: number) {
    const products = await this.products.list(tenantId);
    if (!products.length) return emptyBody();
    const ids = products.map((p) => p.id);
    const [variations, versions] = await Promise.all([this.products.variationsByProduct(tenantId, ids), this.releases.versionsOf(tenantId, ids)]);
    return presentInfoVersions(products, variations, versions);
  }

  async variationList(tenantId: number) {
    const products = await this.products.list(tenantId);
    const body = presentInfoVariationList(products, await this.products.variationsByProduct(tenantId, products.map((p) => p.id)));
    return body.variations.length ? body : emptyBody();
  }

  /** One product's history (or every product's for `all`); a "product variation" reference shows that line and the product's. */
  async changelog(tenantId: number, productName: string) {
    if (productName.trim().toLowerCase() === 'all') {
      const products = await this.products.list(tenantId);
      const ids = products.map((p) => p.id);
      const [versions, variations] = await Promise.all([this.releases.versionsOf(tenantId, ids), this.products.variationsByProduct(tenantId, ids)]);
      const variationById = new Map([...variations.values()].flat().map((v) => [v.id, v]));
      const entries = products
        .map((product) => {
          const history = versions
            .filter((v) => v.productId === product.id)
            .map((version) => ({ version, variation: version.variationId ? (variationById.get(version.variationId) ?? null) : null }));
          return history.length ? presentChangelog(product, history) : null;
        })
        .filter((e) => e !== null);
      return entries.length ? { result: 'success', products: entries } : emptyBody();
    }
    const match = await this.products.resolveRef(tenantId, productName);
    if (!match) return unknownProductBody();
    let { versions } = await this.releases.list(tenantId, String(match.product.id));
    if (match.variation) versions = versions.filter((v) => v.variation === null || v.variation.id === match.variation!.id);
    if (!versions.length) return emptyBody();
    return { result: 'success', ...presentChangelog(match.product, versions) };
  }
}
