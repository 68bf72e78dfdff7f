import { canonicalRef, names, refKey, refKeysNaming, unknownProductMessage, variationSplits } from './product-ref';

const product = { slug: 'my-plugin', nameKey: 'my plugin' };
const variation = { slug: 'pro-plus', nameKey: 'pro plus' };

describe('product references: one rule', () => {
  it('names a product by its slug in any case, or by its name as an alias', () => {
    for (const ref of ['my-plugin', 'MY-PLUGIN', ' My-Plugin ', 'My Plugin', 'my plugin', 'MY PLUGIN']) expect({ ref, ok: names(product, refKey(ref)) }).toEqual({ ref, ok: true });
    for (const ref of ['my_plugin', 'myplugin', 'my-plugin-pro', '', 'my  plugin']) expect({ ref, ok: names(product, refKey(ref)) }).toEqual({ ref, ok: false });
  });

  it('stores the slug, and "<slug> <variation slug>" for a variation', () => {
    expect(canonicalRef(product)).toBe('my-plugin');
    expect(canonicalRef(product, variation)).toBe('my-plugin pro-plus');
  });

  it('lists every key that names a product or a variation of it', () => {
    expect(refKeysNaming(product).sort()).toEqual(['my plugin', 'my-plugin']);
    expect(refKeysNaming(product, variation).sort()).toEqual(['my plugin pro plus', 'my plugin pro-plus', 'my-plugin pro plus', 'my-plugin pro-plus']);
    expect(refKeysNaming({ slug: 'tool', nameKey: 'tool' })).toEqual(['tool']);
  });

  it('splits a reference into product and variation at each space', () => {
    expect(variationSplits('my plugin pro plus')).toEqual([['my', 'plugin pro plus'], ['my plugin', 'pro plus'], ['my plugin pro', 'plus']]);
    expect(variationSplits('tool')).toEqual([]);
  });

  it("lists the tenant's products in the message of an unknown one (at most 20)", () => {
    expect(unknownProductMessage('product_ref', ['a-tool', 'b-tool'])).toBe("product_ref is not one of the tenant's products (a-tool, b-tool)");
    const many = Array.from({ length: 23 }, (_, i) => `p${i}`);
    expect(unknownProductMessage('product_ref', many)).toMatch(/\(p0, .*p19 and 3 more\)$/);
  });
});
