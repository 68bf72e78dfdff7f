import { applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { SecuritySchemeObject } from '@nestjs/swagger';

/**
 * The credentials of the API as OpenAPI security schemes. Tenant secret keys travel in the
 * path (`{secret}`): OpenAPI has no scheme for that, so those routes document the secret as a
 * path parameter and declare `security: []` plus the optional User-API-Key.
 */
export const SECURITY_SCHEMES: Readonly<Record<string, SecuritySchemeObject>> = Object.freeze({
  UserApiKey: { type: 'apiKey', in: 'header', name: 'User-API-Key', description: "The tenant's 6-character User-API-Key" },
  Operator: { type: 'http', scheme: 'bearer', description: 'The operator token (ADMIN_TOKEN) as `Authorization: Bearer <token>` (an opaque token, not a JWT)' },
  OperatorHeader: { type: 'apiKey', in: 'header', name: 'X-Admin-Token', description: 'The operator token (ADMIN_TOKEN) in the X-Admin-Token header' },
  LeadToken: { type: 'apiKey', in: 'header', name: 'appza-hash', description: "A lead's token (also accepted in lazy-task-hash, fcom-mobile-hash or Authorization: Bearer)" },
  LeadTokenLazyTask: { type: 'apiKey', in: 'header', name: 'lazy-task-hash', description: "A lead's token" },
  LeadTokenFcomMobile: { type: 'apiKey', in: 'header', name: 'fcom-mobile-hash', description: "A lead's token" },
  LeadTokenBearer: { type: 'http', scheme: 'bearer', description: "A lead's token as Authorization: Bearer" },
  CronToken: { type: 'apiKey', in: 'header', name: 'X-Cron-Token', description: 'CRON_TOKEN in the X-Cron-Token header' },
  CronTokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'CRON_TOKEN as ?token=' },
});

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;

/** The route accepts any one of these credentials (each one alternative of `security`). */
export function SecuredBy(...alternatives: SecuritySchemeName[]) {
  return applyDecorators(...alternatives.map((name) => ApiSecurity(name)));
}
