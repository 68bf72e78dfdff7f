import { MigrationInterface, QueryRunner } from 'typeorm';

interface ProductRow {
  tenant_id: number;
  slug: string;
  name_key: string;
}
interface VariationRow extends ProductRow {
  v_slug: string;
  v_name_key: string;
}

/**
 * Licenses store the canonical product reference (src/products/product-ref.ts): the product's
 * slug, or `"<slug> <variation slug>"`. Rows written before that rule kept product_ref and
 * item_reference as typed (`My Plugin`, `MY-PLUGIN`); this rewrites every one that names a
 * product, by its slug or name without regard to case, to the canonical form. References that
 * name no product are left as they are. Products first: a reference that is a product's name wins
 * over a "<product> <variation>" reading of it, as at lookup.
 *
 * The rules are copied here, not imported: a migration must keep doing what it did when it was
 * written. Not reversible (the typed spellings are not kept); down() does nothing.
 */
export class CanonicalProductRefs1763800013000 implements MigrationInterface {
  name = 'CanonicalProductRefs1763800013000';

  async up(q: QueryRunner): Promise<void> {
    const products: ProductRow[] = await q.query('SELECT tenant_id, slug, name_key FROM products ORDER BY id');
    for (const p of products) await this.rewrite(q, Number(p.tenant_id), [p.slug, p.name_key], p.slug);

    const variations: VariationRow[] = await q.query(
      'SELECT p.tenant_id AS tenant_id, p.slug AS slug, p.name_key AS name_key, v.slug AS v_slug, v.name_key AS v_name_key ' +
        'FROM product_variations v JOIN products p ON p.id = v.product_id ORDER BY v.id',
    );
    for (const v of variations) {
      const keys = [v.slug, v.name_key].flatMap((pk) => [v.v_slug, v.v_name_key].map((vk) => `${pk} ${vk}`));
      await this.rewrite(q, Number(v.tenant_id), keys, `${v.slug} ${v.v_slug}`);
    }
  }

  async down(): Promise<void> {
    // the spellings that were rewritten are not kept; canonical references are valid before this migration too
  }

  private async rewrite(q: QueryRunner, tenantId: number, keys: string[], canonical: string): Promise<void> {
    const unique = [...new Set(keys.filter(Boolean))];
    const marks = unique.map(() => '?').join(', ');
    for (const column of ['product_ref', 'item_reference']) {
      await q.query(`UPDATE licenses SET ${column} = ? WHERE tenant_id = ? AND LOWER(TRIM(${column})) IN (${marks}) AND ${column} <> ?`, [
        canonical,
        tenantId,
        ...unique,
        canonical,
      ]);
    }
  }
}
