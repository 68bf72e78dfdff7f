import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { emptyBody, unknownProductBody } from './products.presenter';

const EMPTY_EXAMPLE = emptyBody();
const PRODUCTS_EXAMPLE = { result: 'success', products: ['My Plugin', 'Other Tool'] };
const VARIATIONS_EXAMPLE = {
  result: 'success',
  products: [
    { name: 'My Plugin', slug: 'my-plugin', variations: ['agency', 'pro'] },
    { name: 'Other Tool', slug: 'other-tool', variations: [] },
  ],
};
const VERSIONS_EXAMPLE = {
  result: 'success',
  products: [
    { name: 'My Plugin', slug: 'my-plugin', version: '1.4.0', variations: [{ name: 'agency', version: '1.4.0' }, { name: 'pro', version: '1.5.0' }] },
    { name: 'Other Tool', slug: 'other-tool', version: null, variations: [] },
  ],
};
const VARIATION_LIST_EXAMPLE = { result: 'success', variations: [{ name: 'pro', products: ['My Plugin', 'Other Tool'] }] };
const CHANGELOG_ENTRY = {
  name: 'My Plugin',
  slug: 'my-plugin',
  version: '1.4.0',
  changelog: '### Added\n- Dark mode',
  versions: [
    { version: '1.5.0', variation: 'pro', date: '2025-02-01 00:00:00', current: true, changelog: '### Added\n- Pro reports' },
    { version: '1.4.0', variation: null, date: '2025-01-15 00:00:00', current: true, changelog: '### Added\n- Dark mode' },
    { version: '1.3.2', variation: null, date: '2024-12-01 00:00:00', current: false, changelog: '### Fixed\n- Crash on save' },
  ],
};
const PRODUCT_NAME_PARAM = {
  name: 'product_name',
  description: 'Product name or slug (case-insensitive), "<product> <variation>", or `all`',
  example: 'My Plugin',
};

export const ProductsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List product names' }),
    ApiOkResponse({
      description: 'Products, or `error_code` 204 when there are none',
      examples: { products: { summary: 'Products', value: PRODUCTS_EXAMPLE }, empty: { summary: 'No products', value: EMPTY_EXAMPLE } },
    }),
  );

export const ProductsAliasDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Deployed alias of GET /api/info/products/{secret} (User-API-Key header)' }),
    ApiOkResponse({ schema: { example: PRODUCTS_EXAMPLE } }),
  );

export const WithVariationsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List products with their variations' }),
    ApiOkResponse({ schema: { example: VARIATIONS_EXAMPLE } }),
  );

export const WithVariationsAliasDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Deployed alias of GET /api/info/products/variations/{secret} (User-API-Key header)' }),
    ApiOkResponse({ schema: { example: VARIATIONS_EXAMPLE } }),
  );

export const VersionsDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Current version of each product and variation',
      description: "A variation without a current version of its own reports the product's.",
    }),
    ApiOkResponse({ schema: { example: VERSIONS_EXAMPLE } }),
  );

export const VersionsAliasDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Deployed alias of GET /api/info/products/versions/{secret} (User-API-Key header)' }),
    ApiOkResponse({ schema: { example: VERSIONS_EXAMPLE } }),
  );

export const VariationsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Deployed route: every variation name with the products that have it (User-API-Key header)' }),
    ApiOkResponse({ schema: { example: VARIATION_LIST_EXAMPLE } }),
  );

export const ChangelogDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: "A product's version history with changelog entries (`all`: every product)",
      description:
        'One product: `{result, name, slug, version, changelog, versions[]}` (`version`/`changelog` are the current version\'s, as deployed servers answer); ' +
        '`all`: `{result, products: [...]}`. Versions newest first. No versions: `error_code` 204; unknown product: `error_code` 500.',
    }),
    ApiParam(PRODUCT_NAME_PARAM),
    ApiOkResponse({
      examples: {
        one: { summary: 'One product', value: { result: 'success', ...CHANGELOG_ENTRY } },
        all: { summary: 'all', value: { result: 'success', products: [CHANGELOG_ENTRY] } },
        unknown: { summary: 'Unknown product', value: unknownProductBody() },
        empty: { summary: 'No versions', value: EMPTY_EXAMPLE },
      },
    }),
  );
