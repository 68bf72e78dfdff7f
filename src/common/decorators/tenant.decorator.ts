import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The tenant the auth guard resolved for this request. */
export interface TenantContext {
  id: number;
  username: string;
}

export interface RequestWithTenant {
  tenant?: TenantContext;
}

export const Tenant = createParamDecorator((_data: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = ctx.switchToHttp().getRequest<RequestWithTenant>().tenant;
  if (!tenant) throw new Error('@Tenant() used on a route without a tenant auth decorator');
  return tenant;
});
