import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiAnswer, ApiConflictAnswer, ApiInvalidInput, ApiNotFoundAnswer } from '../common/docs';

const TENANT = {
  id: 1,
  username: 'acme',
  email: 'ops@acme.example',
  first_name: 'Ada',
  last_name: 'Lovelace',
  status: 'active',
  created_at: '2025-01-15T10:30:00.000Z',
  updated_at: '2025-01-15T10:30:00.000Z',
};
const ID = ApiParam({ name: 'id', description: 'Tenant id', schema: { type: 'integer', minimum: 1 }, example: 1 });
const BAD_ID = ApiInvalidInput();
const NOT_FOUND = ApiNotFoundAnswer('Tenant not found.');

export const CreateTenantDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Create a tenant; its credentials are shown only in this response' }),
    ApiAnswer(201, 'Created, with its User-API-Key and secret keys', {
      id: 1,
      username: 'acme',
      apiKey: 'A1B2C3',
      secretKeys: { creation: 'ck_...', validation: 'vk_...', activation: 'ak_...', management: 'mk_...', general: 'gk_...' },
    }),
    ApiInvalidInput(),
    ApiConflictAnswer('Tenant username already exists.'),
  );

export const ListTenantsDocs = () =>
  applyDecorators(ApiOperation({ summary: 'List tenants' }), ApiAnswer(200, 'Every tenant', { result: 'success', data: [TENANT] }));

export const SuspendTenantDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Suspend a tenant: its credentials stop working at once' }),
    ID,
    ApiAnswer(200, 'Suspended', { result: 'success', tenant: { ...TENANT, status: 'suspended' } }),
    BAD_ID,
    NOT_FOUND,
  );

export const ActivateTenantDocs = () =>
  applyDecorators(ApiOperation({ summary: 'Re-activate a suspended tenant' }), ID, ApiAnswer(200, 'Active again', { result: 'success', tenant: TENANT }), BAD_ID, NOT_FOUND);

export const DeleteTenantDocs = () =>
  applyDecorators(
    ApiOperation({ summary: 'Delete a tenant and all its data' }),
    ID,
    ApiAnswer(200, 'Deleted', { result: 'success', message: 'Tenant deleted.' }),
    BAD_ID,
    NOT_FOUND,
  );
