import { applyDecorators } from '@nestjs/common';
import { Delete } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse } from '@nestjs/swagger';
import { ApiFileAnswer, ApiNotFoundAnswer } from '../common/docs';

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

export const ListDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "List the tenant's products with their variations and current version" }),
    ApiOkResponse({ schema: { example: { result: 'success', products: [{ ...PRODUCT_EXAMPLE, current_version: '1.4.0', variations: [VARIATION_EXAMPLE] }] } } }),
  );

export const CreateDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Create a product' }),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Product created.', product: PRODUCT_EXAMPLE } } }),
    ApiConflictResponse({ schema: { example: { result: 'error', message: 'A product with this name already exists.', error_code: 409, errors: { name: ['A product with this name already exists.'] } } } }),
  );

export const GetDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a product with its variations and versions' }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', product: { ...PRODUCT_EXAMPLE, variations: [VARIATION_EXAMPLE], versions: [VERSION_EXAMPLE] } } } }),
    ApiNotFoundResponse({ schema: { example: NOT_FOUND_EXAMPLE } }),
  );

export const UpdateDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Rename a product, change its slug or description',
      description: 'Refused (409) while licenses reference the product by the name or slug being changed.',
    }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Product updated.', product: PRODUCT_EXAMPLE } } }),
    ApiConflictResponse({ schema: { example: { result: 'error', message: '2 license(s) reference this product by the name or slug being changed; change their product_ref first.', error_code: 409, licenses: 2 } } }),
  );

export const RemoveDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a product with its variations, versions and files', description: 'Refused (409) while licenses reference it.' }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Product deleted.' } } }),
    ApiConflictResponse({ schema: { example: { result: 'error', message: 'This product is still referenced by 3 license(s); delete them or change their product_ref first.', error_code: 409, licenses: 3 } } }),
  );

export const ListVariationsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "List a product's variations" }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', variations: [VARIATION_EXAMPLE] } } }),
  );

export const AddVariationDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Add a variation (e.g. pro, agency)' }),
    ApiParam(PRODUCT_PARAM),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Variation created.', variation: VARIATION_EXAMPLE } } }),
  );

export const UpdateVariationDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Rename a variation', description: 'Refused (409) while licenses reference "<product> <variation>".' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam({ name: 'variation', description: 'Variation id, slug or name', example: 'pro' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Variation updated.', variation: VARIATION_EXAMPLE } } }),
  );

export const RemoveVariationDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a variation with its versions and files' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam({ name: 'variation', description: 'Variation id, slug or name', example: 'pro' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Variation deleted.' } } }),
  );

export const ListVersionsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List versions with their changelog entries, newest first', description: '?variation= limits the list to one line.' }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', versions: [VERSION_EXAMPLE] } } }),
  );

export const CreateVersionDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Add a version (semver) with its changelog entry, to the product or one of its variations' }),
    ApiParam(PRODUCT_PARAM),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Version created.', version: VERSION_EXAMPLE } } }),
    ApiConflictResponse({ schema: { example: { result: 'error', message: 'Version 1.4.0 already exists.', error_code: 409, errors: { version: ['Version 1.4.0 already exists.'] } } } }),
  );

export const GetVersionDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a version' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam(VERSION_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', version: VERSION_EXAMPLE } } }),
  );

export const UpdateVersionDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "Edit a version's changelog or release date, or make it the current version" }),
    ApiParam(PRODUCT_PARAM),
    ApiParam(VERSION_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Version updated.', version: VERSION_EXAMPLE } } }),
  );

export const RemoveVersionDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a version and its files', description: 'When it was current, the highest remaining stable version of its line becomes current.' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam(VERSION_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Version deleted.' } } }),
  );

export const ListVersionFilesDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List the files of a version' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam(VERSION_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', files: [FILE_EXAMPLE] } } }),
  );

export const UploadDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Upload a release file to a version (multipart/form-data, field "file")',
      description:
        'Streamed to disk while its SHA-256 is computed; refused when larger than UPLOAD_MAX_BYTES (413), empty, ' +
        'named with a path, of a type that is not a release format, or when its content does not match its type (400). ' +
        'A refused or interrupted upload leaves no file and no row.',
    }),
    ApiParam(PRODUCT_PARAM),
    ApiParam(VERSION_PARAM),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } }),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'File uploaded.', file: FILE_EXAMPLE } } }),
    ApiPayloadTooLargeResponse({ schema: { example: { result: 'error', message: 'The file is larger than the limit of 104857600 bytes.', error_code: 413, max_bytes: 104857600 } } }),
  );

export const ListFilesDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "List all of a product's files, newest version first" }),
    ApiParam(PRODUCT_PARAM),
    ApiOkResponse({ schema: { example: { result: 'success', files: [FILE_EXAMPLE] } } }),
  );

export const DownloadDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Download a release file (the vendor; customers use signed download URLs)' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam({ name: 'file', description: 'File id', example: '12' }),
    ApiFileAnswer('The file, streamed, with Content-Length, Content-Type and Content-Disposition: attachment'),
    ApiNotFoundAnswer('File not found.'),
  );

export const RemoveFileDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a release file' }),
    ApiParam(PRODUCT_PARAM),
    ApiParam({ name: 'file', description: 'File id', example: '12' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'File deleted.' } } }),
  );
