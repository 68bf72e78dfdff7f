import { nameKey } from './product-names';

/**
 * The one rule by which a reference names a product (a license's product_ref and item_reference,
 * `/validate?t=`, the data lookup's product, the documented product routes, downloads and the
 * tenant API's paths): its slug, compared without regard to case, or its name as an alias
 * (trimmed, case-insensitive); `"<product> <variation>"` names a variation the same way on both
 * sides. What a license stores is the canonical form: the slug, or `"<slug> <variation slug>"`.
 */
export interface Named {
  slug: string;
  /** the name, trimmed and lower-cased */
  nameKey: string;
}

/** The key a reference is compared by: trimmed and lower-cased. */
export const refKey = (ref: string): string => nameKey(ref);

/** Whether the reference key (see refKey) names this product or variation. */
export function names(item: Named, key: string): boolean {
  return key !== '' && (key === item.slug || key === item.nameKey);
}

/** What a license stores for a product (and variation). */
export function canonicalRef(product: Named, variation: Named | null = null): string {
  return variation ? `${product.slug} ${variation.slug}` : product.slug;
}

/** Every reference key that names the product (no variation given) or that variation of it. */
export function refKeysNaming(product: Named, variation: Named | null = null): string[] {
  const productKeys = [...new Set([product.slug, product.nameKey])];
  if (!variation) return productKeys;
  const variationKeys = [...new Set([variation.slug, variation.nameKey])];
  return productKeys.flatMap((p) => variationKeys.map((v) => `${p} ${v}`));
}

/** The `(product, variation)` splits of a reference key at each space: `my plugin pro` → `my`+`plugin pro`, `my plugin`+`pro`. */
export function variationSplits(key: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = key.indexOf(' '); i !== -1; i = key.indexOf(' ', i + 1)) {
    const [p, v] = [key.slice(0, i).trim(), key.slice(i + 1).trim()];
    if (p && v) out.push([p, v]);
  }
  return out;
}

const LISTED_MAX = 20;

/** The message of a reference that names none of the tenant's products, listing them (their slugs). */
export function unknownProductMessage(field: string, slugs: string[]): string {
  const listed = slugs.slice(0, LISTED_MAX).join(', ');
  const more = slugs.length > LISTED_MAX ? ` and ${slugs.length - LISTED_MAX} more` : '';
  return `${field} is not one of the tenant's products (${listed}${more})`;
}
