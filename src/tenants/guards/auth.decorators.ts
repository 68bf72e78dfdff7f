import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiParam, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AUTH_FAILED_BODY, AUTH_REQUIRED_BODY } from '../../common/presenters/meraf.presenter';
import { SecretScope } from '../entities/tenant-credential.entity';

export const AUTH_METADATA = 'license-server:auth';

export type AuthRequirement =
  | { kind: 'secret'; scopes: SecretScope[]; param: string }
  | { kind: 'userApiKey' }
  | { kind: 'optionalUserApiKey' }
  | { kind: 'operator' };

/**
 * The route takes a tenant secret key of one of `scopes` in path parameter `param` (default
 * `secret`). An optional `User-API-Key` header must then belong to the same tenant.
 * (OpenAPI has no security scheme for a path parameter: the documented `param` is the scheme.)
 */
export function SecretKey(scopes: SecretScope | SecretScope[], param = 'secret') {
  const list = Array.isArray(scopes) ? scopes : [scopes];
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'secret', scopes: list, param } satisfies AuthRequirement),
    ApiParam({ name: param, description: `Tenant ${list.join(' or ')} secret key`, schema: { type: 'string' } }),
    ApiHeader({ name: 'User-API-Key', required: false, description: 'Optional; when sent it must belong to the same tenant' }),
    ApiForbiddenResponse({ description: 'Missing, wrong or suspended secret key', schema: { example: AUTH_FAILED_BODY } }),
  );
}

/** The route takes the tenant's `User-API-Key` header. */
export function UserApiKey() {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'userApiKey' } satisfies AuthRequirement),
    ApiSecurity('UserApiKey'),
    ApiUnauthorizedResponse({ description: 'Missing or wrong User-API-Key', schema: { example: AUTH_REQUIRED_BODY } }),
  );
}

/** The route is public, but a valid `User-API-Key` header puts its tenant on the request. */
export function OptionalUserApiKey() {
  return applyDecorators(SetMetadata(AUTH_METADATA, { kind: 'optionalUserApiKey' } satisfies AuthRequirement), ApiSecurity('UserApiKey'));
}

/**
 * The route takes the operator token (`ADMIN_TOKEN`) as `Authorization: Bearer` or `X-Admin-Token`.
 * A failure answers the same 401 body as the User-API-Key endpoints (DECISIONS A2).
 */
export function Operator() {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'operator' } satisfies AuthRequirement),
    ApiBearerAuth('Operator'),
    ApiUnauthorizedResponse({ description: 'Missing or wrong operator token', schema: { example: AUTH_REQUIRED_BODY } }),
  );
}
