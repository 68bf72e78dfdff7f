import { Injectable } from '@nestjs/common';

/**
 * Product catalogue. (Placeholder until the products issue lands: the tenant has no products,
 * so every product_ref is accepted, as the licenses issue says.)
 */
@Injectable()
export class ProductsService {
  /**
   * Whether `productRef` may be used on a license of this tenant: true when the tenant has
   * defined no products yet, else whether it is one of them.
   */
  async isKnownProductRef(_tenantId: number, _productRef: string): Promise<boolean> {
    return true;
  }
}
