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

export const SetRateLimitsDocs = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Give a tenant its own rate limits (a shop backend that creates licenses in bulk)',
      description:
        "Requests per minute by tier for the tenant's authenticated requests (its secret keys or User-API-Key), replacing the per-IP limit once a client is over it. " +
        'null goes back to the per-IP limit; an absent tier is unchanged. Only the operator can set them (CLI: tenant:limits). ' +
        'Other instances apply a change within AUTH_CACHE_TTL_MS.',
    }),
    ID,
    ApiAnswer(200, "The tenant's limits now", { result: 'success', tenant_id: 1, rate_limits: { auth: 600, management: null, info: 300 } }, {
      schema: {
        type: 'object',
        required: ['result', 'tenant_id', 'rate_limits'],
        properties: {
          result: { type: 'string', example: 'success' },
          tenant_id: { type: 'integer', example: 1 },
          rate_limits: {
            type: 'object',
            required: ['auth', 'management', 'info'],
            properties: { auth: { type: 'integer', nullable: true, description: 'Requests per minute; null: the per-IP limit' }, management: { type: 'integer', nullable: true, description: 'Requests per minute; null: the per-IP limit' }, info: { type: 'integer', nullable: true, description: 'Requests per minute; null: the per-IP limit' } },
          },
        },
      },
    }),
    BAD_ID,
    NOT_FOUND,
  );
