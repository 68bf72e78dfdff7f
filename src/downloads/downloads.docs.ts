import { applyDecorators } from '@nestjs/common';
import { ApiFileAnswer } from '../common/docs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { emptyBody, unknownProductBody } from '../products/products.presenter';
import { invalidLicenseBody, notRegisteredBody } from './downloads.presenter';

const URL_EXAMPLE = 'https://licenses.example.com/api/download/7.12.1736937000.dGhpcyBpcyBzZWFsZWQ.9f86d08188...0a08/my-plugin-1.4.0.zip';
const FILE_EXAMPLE = {
  product: 'My Plugin',
  variation: null,
  version: '1.4.0',
  current: true,
  name: 'my-plugin-1.4.0.zip',
  size: 482133,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  content_type: 'application/zip',
  date: '2025-01-15 10:33:00',
  download_url: URL_EXAMPLE,
  expires_at: '2025-01-15 10:40:00',
};
const PRODUCT_NAME_PARAM = { name: 'product_name', description: 'Product name or slug (case-insensitive), or "<product> <variation>"', example: 'My Plugin' };

export const FilesDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: "A product's files: name, version, size, SHA-256 (and signed download URLs with ?license_key=)",
      description:
        '`product_name` may be `all`. Without `license_key`, `download_url` is null: a download URL is always bound to a license, ' +
        'and only a usable license (active, not expired) of the product gets one. No files: `error_code` 204; unknown product: `error_code` 500; ' +
        'a license key that is unknown, not usable or not for the product: `error_code` 101.',
    }),
    ApiParam({ ...PRODUCT_NAME_PARAM, description: `${PRODUCT_NAME_PARAM.description}, or \`all\`` }),
    ApiOkResponse({
      examples: {
        files: { summary: 'Files', value: { result: 'success', product: 'My Plugin', files: [FILE_EXAMPLE] } },
        unlicensed: { summary: 'Without license_key', value: { result: 'success', product: 'My Plugin', files: [{ ...FILE_EXAMPLE, download_url: null, expires_at: null }] } },
        unknown: { summary: 'Unknown product', value: unknownProductBody() },
        empty: { summary: 'No files', value: emptyBody() },
        license: { summary: 'License not valid for it', value: invalidLicenseBody() },
      },
    }),
  );

export const PackagesDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Deployed alias of GET /api/product/files/{product_name}/{secret}' }),
    ApiParam({ ...PRODUCT_NAME_PARAM, description: `${PRODUCT_NAME_PARAM.description}, or \`all\`` }),
    ApiOkResponse({ schema: { example: { result: 'success', product: 'My Plugin', files: [FILE_EXAMPLE] } } }),
  );

export const DownloadUrlDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Fresh signed download URLs for a licensed client (license key + registered domain or device)',
      description:
        'The license must be usable (active, not expired), be for this product (product_ref or item_reference), and have the ' +
        '`domain` (or `device`) registered. Answers the files of the current version (of the variation the license or `variation` names, ' +
        "else the product's), or of `version`. URLs expire after DOWNLOAD_URL_TTL_SECONDS. Outcomes: `error_code` 101 (license), " +
        '404 (not registered), 500 (unknown product or version), 204 (no files).',
    }),
    ApiParam(PRODUCT_NAME_PARAM),
    ApiParam({ name: 'license_key', description: 'The license key', example: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J' }),
    ApiOkResponse({
      examples: {
        urls: {
          summary: 'Signed URLs',
          value: { result: 'success', product: 'My Plugin', version: '1.4.0', expires_at: '2025-01-15 10:40:00', files: [FILE_EXAMPLE] },
        },
        license: { summary: 'License not usable or not for this product', value: invalidLicenseBody() },
        registered: { summary: 'Domain not registered', value: notRegisteredBody('domain') },
      },
    }),
  );

export const DownloadDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Download a release file through a signed URL',
      description:
        'Streams the file (constant memory) with Content-Length, Content-Type and Content-Disposition, when the signature checks out, ' +
        'the URL has not expired and the license it is bound to is still usable for the product. Otherwise 403 and nothing of the file.',
    }),
    ApiParam({ name: 'token', description: 'Signed token (from download_url)' }),
    ApiFileAnswer('The file, streamed, with Content-Length, Content-Type and Content-Disposition: attachment'),
    ApiForbiddenResponse({ schema: { example: { result: 'error', message: 'This download link has expired.', error_code: 403 } } }),
    ApiNotFoundResponse({ schema: { example: { result: 'error', message: 'The requested file no longer exists.', error_code: 404 } } }),
  );

export const DownloadNamedDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Same as /api/download/{token}; the trailing file name (ignored) helps clients that name files after the URL' }),
    ApiParam({ name: 'token', description: 'Signed token (from download_url)' }),
    ApiParam({ name: 'file_name', description: 'The file name (not checked)' }),
    ApiFileAnswer('The file, streamed, with Content-Length, Content-Type and Content-Disposition: attachment'),
  );
