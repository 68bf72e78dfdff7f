import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiSecurity } from '@nestjs/swagger';
import { ApiAnswer, ApiSecretRefused, ApiUserApiKeyRequired, AUTH_REQUIRED_SCHEMA } from '../../common/docs/answers';
import { SecuredBy } from '../../common/docs/security';
import { AUTH_REQUIRED_BODY } from '../../common/presenters/meraf.presenter';
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
    ApiSecretRefused(),
  );
}

/** The route takes the tenant's `User-API-Key` header. */
export function UserApiKey() {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'userApiKey' } satisfies AuthRequirement),
    SecuredBy('UserApiKey'),
    ApiUserApiKeyRequired(),
  );
}

/** The route is public, but a valid `User-API-Key` header puts its tenant on the request. */
export function OptionalUserApiKey() {
  return applyDecorators(SetMetadata(AUTH_METADATA, { kind: 'optionalUserApiKey' } satisfies AuthRequirement), ApiSecurity('UserApiKey'), ApiSecurity({}));
}

/**
 * The route takes the operator token (`ADMIN_TOKEN`) as `Authorization: Bearer` or `X-Admin-Token`.
 * A failure answers the same 401 body as the User-API-Key endpoints (DECISIONS A2).
 */
export function Operator() {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'operator' } satisfies AuthRequirement),
    SecuredBy('Operator', 'OperatorHeader'),
    ApiAnswer(401, 'Missing or wrong operator token', AUTH_REQUIRED_BODY, { schema: AUTH_REQUIRED_SCHEMA }),
  );
}
