import { applyDecorators } from '@nestjs/common';
import { Delete } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { merafError } from '../common/presenters/meraf.presenter';

const PRODUCT_EXAMPLE = {
  id: 1,
  slug: 'appza',
  name: 'Appza',
  api_url: 'https://store.example.com/',
  item_id: 1771,
  is_active: true,
  created_at: '2026-01-15T10:00:00.000Z',
  updated_at: '2026-01-15T10:00:00.000Z',
};
const LEAD_EXAMPLE = {
  id: 7,
  product: 'appza',
  domain: 'example.com',
  email: 'owner@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  created_at: '2026-01-15T10:00:00.000Z',
  updated_at: '2026-01-15T10:00:00.000Z',
  closed_at: null,
};
const POPUP_EXAMPLE = { id: 3, type: 'info', message: 'Version 2 is out!', is_active: true, created_at: '2026-01-15T10:00:00.000Z', updated_at: '2026-01-15T10:00:00.000Z' };

export const ListProductsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List your products' }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [PRODUCT_EXAMPLE] } } }),
  );

export const CreateProductDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Create a product', description: 'Without api_url and item_id the product serves free trials only.' }),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Product created.', data: PRODUCT_EXAMPLE } } }),
    ApiConflictResponse({ schema: { example: merafError('A product with this slug already exists.', 409) } }),
  );

export const GetProductDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a product' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiOkResponse({ schema: { example: { result: 'success', data: PRODUCT_EXAMPLE } } }),
    ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } }),
  );

export const PutProductDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Create or update a product (idempotent; only the fields sent change on an existing one)' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Product saved.', created: false, data: PRODUCT_EXAMPLE } } }),
  );

export const UpdateProductDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Update a product (only the fields sent change)' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Product updated.', data: PRODUCT_EXAMPLE } } }),
    ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } }),
  );

export const DeleteProductDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a product with its leads, trials, activations and popup messages' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Product deleted.' } } }),
    ApiNotFoundResponse({ schema: { example: merafError('Product not found.', 404) } }),
  );

export const ListPopupMessagesDocs = () =>
  applyDecorators(
    ApiOperation({ summary: "List a product's popup messages" }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [POPUP_EXAMPLE] } } }),
  );

export const CreatePopupMessageDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Add a popup message', description: 'Plugins see the change on their next app-license-check (the cache is refreshed at once).' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiCreatedResponse({ schema: { example: { result: 'success', message: 'Popup message created.', data: POPUP_EXAMPLE } } }),
  );

export const UpdatePopupMessageDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Update a popup message' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiParam({ name: 'id', description: 'Popup message id', example: 3 }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Popup message updated.', data: POPUP_EXAMPLE } } }),
  );

export const DeletePopupMessageDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a popup message' }),
    ApiParam({ name: 'slug', description: 'Bridge product slug', example: 'appza' }),
    ApiParam({ name: 'id', description: 'Popup message id', example: 3 }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Popup message deleted.' } } }),
  );

export const CreateLeadDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Create a lead', description: 'The token is shown only in this response; the plugin sends it in `appza-hash` (or `lazy-task-hash`, `fcom-mobile-hash`, `Authorization: Bearer`).' }),
    ApiCreatedResponse({
      schema: { example: { result: 'success', message: 'Lead created. The token is shown only in this response.', token: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c', data: LEAD_EXAMPLE } },
    }),
  );

export const ListLeadsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'List your leads (newest first; tokens are never shown again)' }),
    ApiOkResponse({ schema: { example: { result: 'success', data: [LEAD_EXAMPLE] } } }),
  );

export const GetLeadDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a lead' }),
    ApiParam({ name: 'id', description: 'Lead id', example: 7 }),
    ApiOkResponse({ schema: { example: { result: 'success', data: LEAD_EXAMPLE } } }),
    ApiNotFoundResponse({ schema: { example: merafError('Lead not found.', 404) } }),
  );

export const UpdateLeadDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Suspend (inactive) or resume (active) a lead' }),
    ApiParam({ name: 'id', description: 'Lead id', example: 7 }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Lead updated.', data: { ...LEAD_EXAMPLE, status: 'inactive' } } } }),
    ApiConflictResponse({ schema: { example: merafError('The lead is closed.', 409) } }),
  );

export const CloseLeadDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Close a lead for good: its token stops working at once' }),
    ApiParam({ name: 'id', description: 'Lead id', example: 7 }),
    ApiOkResponse({ schema: { example: { result: 'success', message: 'Lead closed.', data: { ...LEAD_EXAMPLE, status: 'closed', closed_at: '2026-02-01T10:00:00.000Z' } } } }),
  );

export const ListTrialsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Free trials of your products (newest first, up to 1000)' }),
    ApiOkResponse({
      schema: {
        example: {
          result: 'success',
          data: [
            {
              id: 1,
              product: 'appza',
              site_url: 'https://example.com',
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              status: 'active',
              license_type: 'free_trial',
              premium_activation_id: null,
              starts_at: '2026-01-15 10:00:00',
              expiration_date: '2026-01-22 10:00:00',
              grace_period_date: '2026-01-29 10:00:00',
              created_at: '2026-01-15T10:00:00.000Z',
            },
          ],
        },
      },
    }),
  );

export const ListActivationsDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Premium activations of your products (newest first, up to 1000)' }),
    ApiOkResponse({
      schema: {
        example: {
          result: 'success',
          data: [
            {
              id: 4,
              product: 'appza',
              site_url: 'https://example.com',
              license_key: 'FLUENT-LICENSE-KEY-1234',
              email: 'ada@example.com',
              is_current: true,
              is_deactivated: false,
              activated_at: '2026-01-16T09:00:00.000Z',
              deactivated_at: null,
              license: {
                license_status: 'valid',
                product_id: 10,
                variation_id: 15,
                product_title: 'Appza',
                variation_title: 'Pro License',
                activation_limit: 5,
                activations_count: 1,
                expiration_date: '2027-01-15 00:00:00',
              },
            },
          ],
        },
      },
    }),
  );
