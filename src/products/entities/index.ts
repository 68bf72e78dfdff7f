import { ProductFile } from './product-file.entity';
import { ProductVariation } from './product-variation.entity';
import { ProductVersion } from './product-version.entity';
import { Product } from './product.entity';

export { Product, ProductFile, ProductVariation, ProductVersion };
export const PRODUCT_ENTITIES = [Product, ProductVariation, ProductVersion, ProductFile];
