import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app.config';
import { timingSafeEqualStr } from '../../crypto/crypto.service';
import { ContractException } from '../../common/contract.exception';
import { RequestWithTenant } from '../../common/decorators/tenant.decorator';
import { AUTH_FAILED_BODY, AUTH_REQUIRED_BODY } from '../../common/presenters/meraf.presenter';
import { TenantsService } from '../tenants.service';
import { AUTH_METADATA, AuthRequirement } from './auth.decorators';

type Req = FastifyRequest & RequestWithTenant & { params: Record<string, string> };

/** A request header's value; an empty or blank header counts as absent. */
function header(req: FastifyRequest, name: string): string | undefined {
  const raw = req.headers[name];
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return v ? v : undefined;
}

/** The operator token from `Authorization: Bearer <token>` (scheme case-insensitive) or `X-Admin-Token`. */
function operatorToken(req: FastifyRequest): string | undefined {
  const auth = header(req, 'authorization');
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  return bearer ?? header(req, 'x-admin-token');
}

/** The one guard that reads the auth decorators, resolves the tenant and puts it on the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    const req = context.switchToHttp().getRequest<Req>();

    switch (requirement.kind) {
      case 'secret': {
        const tenant = await this.tenants.resolve(requirement.scopes, req.params?.[requirement.param]);
        if (!tenant) throw new ContractException({ ...AUTH_FAILED_BODY }, 403);
        const apiKey = header(req, 'user-api-key');
        if (apiKey !== undefined) {
          const owner = await this.tenants.resolve(['api'], apiKey);
          if (!owner || owner.id !== tenant.id) throw new ContractException({ ...AUTH_FAILED_BODY }, 403);
        }
        req.tenant = tenant;
        return true;
      }
      case 'userApiKey': {
        const tenant = await this.tenants.resolve(['api'], header(req, 'user-api-key'));
        if (!tenant) throw new ContractException({ ...AUTH_REQUIRED_BODY }, 401);
        req.tenant = tenant;
        return true;
      }
      case 'optionalUserApiKey': {
        const tenant = await this.tenants.resolve(['api'], header(req, 'user-api-key'));
        if (tenant) req.tenant = tenant;
        return true;
      }
      case 'operator': {
        const expected = this.config.adminToken;
        const given = operatorToken(req);
        if (!expected || !given || !timingSafeEqualStr(given, expected)) throw new ContractException({ ...AUTH_REQUIRED_BODY }, 401);
        return true;
      }
    }
  }
}
