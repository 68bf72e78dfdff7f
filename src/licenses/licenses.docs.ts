import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery } from '@nestjs/swagger';
import { MerafCode } from '../common/result-codes';
import { API_CREATE_REQUIRED, wireName } from './license-fields';
import { ApiCreateInvalid, ApiInvalidInput, ApiLicenseBody, ApiLicenseQuery } from './license.swagger';
import { EMPTY_BODY, MESSAGES } from './license.presenter';
import { DELETE_OPTIONS } from './licenses.service';

const VALIDATE_EXAMPLE = {
  result: 'success',
  message: 'License key is valid.',
  license_key: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J',
  status: 'active',
  license_type: 'subscription',
  first_name: 'John',
  last_name: 'Doe',
  email: 'john@example.com',
  company_name: 'Company Inc',
  registered_domains: [{ domain_name: 'example.com', registered_domain: 'example.com', date: '2024-01-15 10:30:00' }],
  registered_devices: [{ device_name: 'device123', registered_device: 'device123', date: '2024-01-15 10:30:00' }],
  date_created: '2024-01-01 12:00:00',
  date_activated: '2024-01-01 12:00:00',
  date_expiry: '2025-01-01 12:00:00',
  product_ref: 'my-product',
  current_ver: '1.0.0',
  until: '2.0.0',
  max_allowed_domains: 3,
  max_allowed_devices: 1,
  item_reference: 'my-product',
  txn_id: 'txn123',
  purchase_id_: 'purchase123',
  subscr_id: '',
  error_code: 100,
};
const UNKNOWN_EXAMPLE = { result: 'error', message: MESSAGES.UNKNOWN, error_code: 101 };
const CREATE_EXAMPLE = { result: 'success', message: MESSAGES.CREATED, key: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J', code: 400 };
const EXISTS_EXAMPLE = { result: 'error', message: MESSAGES.EXISTS, error_code: 200 };
const LICENSE_KEY_PARAM = ApiParam({ name: 'key', description: 'License key', schema: { type: 'string' } });

export const CreateFromQueryDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Create a license (query string)',
      description:
        'The documented fields in the query string. The key is generated from the tenant settings unless `license_key` is given. ' +
        '`subscription` needs billing_length, billing_interval and date_expiry; `trial` defaults date_expiry to now + defaultTrialDays; ' +
        '`lifetime` ignores date_expiry. Dates are UTC. Unknown fields are rejected.',
    }),
    ApiLicenseQuery(API_CREATE_REQUIRED),
    ApiOkResponse({ description: `Created (code 400), or the custom key is taken: ${JSON.stringify(EXISTS_EXAMPLE)}`, schema: { example: CREATE_EXAMPLE } }),
    ApiCreateInvalid(),
  );

export const CreateFromBodyDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Create a license (JSON or form body)',
      description: 'Same fields and rules as the GET form, in the body. A POST without a body reads the fields from the query string instead.',
    }),
    ApiLicenseBody(API_CREATE_REQUIRED.map(wireName), 'License fields', {
      license_type: 'lifetime',
      license_status: 'active',
      first_name: 'John',
      last_name: 'Doe',
      email: 'john@example.com',
      max_allowed_domains: 1,
      max_allowed_devices: 1,
      product_ref: 'my-product',
      txn_id: 'txn123',
      purchase_id_: 'purchase123',
    }),
    ApiOkResponse({ description: `Created (code 400), or the custom key is taken: ${JSON.stringify(EXISTS_EXAMPLE)}`, schema: { example: CREATE_EXAMPLE } }),
    ApiCreateInvalid(),
  );

export const ValidatePostDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Validate a license key',
      description:
        'error_code 100 with the license details when the license is usable (active; for trial/subscription not past date_expiry). ' +
        'error_code 101 for an unknown key, or with the details for a pending, blocked or expired license.',
    }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({ description: `Valid (100), or invalid (101; with the details when the key exists): ${JSON.stringify(UNKNOWN_EXAMPLE)}`, schema: { example: VALIDATE_EXAMPLE } }),
  );

export const ValidateGetDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Validate a license key (GET form, for file_get_contents clients)' }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({ description: `Valid (100, as POST) or invalid: ${JSON.stringify(UNKNOWN_EXAMPLE)}`, schema: { example: VALIDATE_EXAMPLE } }),
  );

export const VerifyDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Validate a license key (deployed alias of POST validate)' }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({ description: 'Same as POST /api/license/validate', schema: { example: VALIDATE_EXAMPLE } }),
  );

export const ListDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'List licenses (DataTables)',
      description:
        'recordsTotal is the tenant total, recordsFiltered the count after status/type/search. Search is case-insensitive across ' +
        'key, names, email, company, product_ref, item_reference, txn_id, purchase_id_, subscr_id. Newest first.',
    }),
    ApiQuery({ name: 'draw', required: false, description: 'DataTables draw counter, echoed back', schema: { type: 'integer', example: 1 } }),
    ApiQuery({ name: 'start', required: false, description: 'Offset of the first row', schema: { type: 'integer', default: 0 } }),
    ApiQuery({ name: 'length', required: false, description: 'Rows per page', schema: { type: 'integer', default: 10, minimum: 1, maximum: 500 } }),
    ApiQuery({ name: 'status', required: false, description: 'Only licenses of this status', schema: { type: 'string', enum: ['pending', 'active', 'blocked', 'expired'] } }),
    ApiQuery({ name: 'type', required: false, description: 'Only licenses of this type', schema: { type: 'string', enum: ['trial', 'subscription', 'lifetime'] } }),
    ApiQuery({ name: 'search', required: false, description: 'Also accepted as search[value]', schema: { type: 'string' } }),
    ApiOkResponse({
      schema: {
        example: {
          draw: 1,
          recordsTotal: 1000,
          recordsFiltered: 50,
          data: [
            {
              id: 1,
              license_key: 'ABC123...',
              first_name: 'John',
              last_name: 'Doe',
              email: 'john@example.com',
              license_status: 'active',
              license_type: 'lifetime',
              date_created: '2024-01-01 12:00:00',
              product_ref: 'my-product',
            },
          ],
        },
      },
    }),
    ApiInvalidInput(),
  );

export const ExportDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Export licenses as CSV (streamed)', description: 'Same filters as the list. RFC 4180; newest first.' }),
    ApiQuery({ name: 'status', required: false, description: 'Only licenses of this status', schema: { type: 'string', enum: ['pending', 'active', 'blocked', 'expired'] } }),
    ApiQuery({ name: 'type', required: false, description: 'Only licenses of this type', schema: { type: 'string', enum: ['trial', 'subscription', 'lifetime'] } }),
    ApiQuery({ name: 'search', required: false, description: 'Case-insensitive search, as in the list', schema: { type: 'string' } }),
    ApiProduces('text/csv'),
    ApiOkResponse({
      description: 'CSV attachment',
      schema: { type: 'string', example: 'ID,License Key,Status,Type,First Name,Last Name,Email,Product,Created Date,Expiry Date\r\n1,ABC123,active,lifetime,John,Doe,john@example.com,my-product,2024-01-01 12:00:00,\r\n' },
    }),
    ApiInvalidInput(),
  );

export const EditDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Edit a license (partial update; JSON or form body)',
      description: '`license_key` names the license. Only the fields sent change; the merged license is validated as a whole.',
    }),
    ApiLicenseBody(['license_key'], 'license_key plus any fields to change', {
      license_key: 'ABC123...',
      first_name: 'Updated Name',
      last_name: 'Updated Last',
      email: 'updated@example.com',
      license_status: 'active',
      max_allowed_domains: 2,
      max_allowed_devices: 2,
    }),
    ApiOkResponse({
      description: 'Updated (code 240), or the license was not found (error_code 220)',
      schema: { example: { result: 'success', message: MESSAGES.UPDATED, key: 'ABC123...', changed: ['first_name'], code: 240 } },
    }),
    ApiInvalidInput(MerafCode.KEY_UPDATE_FAILED, MESSAGES.UPDATE_FAILED),
  );

export const DeleteGetDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Delete a license',
      description:
        '`license_only`: the license (its domains, devices and logs stay as detached history); `license_and_domains`; ' +
        '`license_and_devices`; `all`: license, domains, devices, logs (and subscriber rows).',
    }),
    ApiParam({ name: 'option', enum: DELETE_OPTIONS, description: 'What to delete with the license' }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({
      description: 'Deleted (320) with the rows removed, or unknown license (101)',
      schema: {
        example: {
          result: 'success',
          message: MESSAGES.DELETED,
          license_key: 'ABC123...',
          option: 'all',
          deleted: { license: 1, domains: 2, devices: 1, logs: 14 },
          error_code: 320,
        },
      },
    }),
    ApiInvalidInput(),
  );

export const DeletePostDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a license (POST form)' }),
    ApiParam({ name: 'option', enum: DELETE_OPTIONS, description: 'What to delete with the license' }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({ description: 'Same as GET', schema: { example: { result: 'error', message: MESSAGES.NOT_FOUND, error_code: 101 } } }),
    ApiInvalidInput(),
  );

export const DataByPurchaseDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'License by purchase id and product', description: 'Newest match of product_ref or item_reference. 204 when none.' }),
    ApiParam({ name: 'purchase_id', description: 'purchase_id_ of the license', schema: { type: 'string' } }),
    ApiParam({ name: 'product', description: 'product_ref or item_reference', schema: { type: 'string' } }),
    ApiOkResponse({
      description: 'The license, or error_code 204',
      schema: {
        example: {
          id: 1,
          license_key: 'ABC123...',
          first_name: 'John',
          last_name: 'Doe',
          email: 'john@example.com',
          purchase_id_: 'purchase123',
          product_ref: 'my-product',
          date_created: '2024-01-01 12:00:00',
        },
      },
    }),
  );

export const DataByTxnDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'License by transaction id and product (deployed alias)' }),
    ApiParam({ name: 'txn', description: 'txn_id of the license', schema: { type: 'string' } }),
    ApiParam({ name: 'product', description: 'product_ref or item_reference', schema: { type: 'string' } }),
    ApiOkResponse({ description: 'Same body as /data', schema: { example: EMPTY_BODY } }),
  );

export const DataByKeyDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'License by key (deployed alias)' }),
    LICENSE_KEY_PARAM,
    ApiOkResponse({ description: 'Same body as /data', schema: { example: EMPTY_BODY } }),
  );

export const ConfigDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "The tenant's new-license defaults (deployed alias used by the WooCommerce plugin)" }),
    ApiOkResponse({ schema: { example: { defaultAllowedDomains: 1, defaultAllowedDevices: 1, defaultTrialDays: 7, default_license_status: 'active' } } }),
  );

export const GenerateDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Generate a license key',
      description: "No auth. With a valid User-API-Key header the tenant's prefix, suffix and length apply; else 40 chars of [A-Z0-9].",
    }),
    ApiHeader({ name: 'User-API-Key', required: false, description: "Optional: applies that tenant's key settings" }),
    ApiOkResponse({ description: 'A JSON string', schema: { type: 'string', example: 'V3NYHLOKZ4IRIZ4D9Y8KDM8VZL16BOQ3HD8VZY7J' } }),
  );
