import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app.config';
import { timingSafeEqualStr } from '../../crypto/crypto.service';
import { ContractException } from '../../common/contract.exception';
import { GuessingSign, publishGuessingSign } from '../../common/events';
import { RequestWithTenant, TenantContext } from '../../common/decorators/tenant.decorator';
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

/** Whether the request carries the valid operator token (`ADMIN_TOKEN`), as the operator routes take it. */
export function hasOperatorToken(req: FastifyRequest, adminToken: string | undefined): boolean {
  const given = operatorToken(req);
  return !!adminToken && !!given && timingSafeEqualStr(given, adminToken);
}

/**
 * The one guard that reads the auth decorators, resolves the tenant and puts it on the request.
 * A secret key or User-API-Key that is presented but matches no active tenant is a sign of
 * guessing (automatic IP blocking, DECISIONS A5); a missing one is not.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.requirementOf(context);
    if (!requirement) return true;
    const req = context.switchToHttp().getRequest<Req>();
    const result = await this.check(req, requirement);
    if (result.sign) publishGuessingSign(this.events, req.ip, result.sign);
    if (result.refuse === 403) throw new ContractException({ ...AUTH_FAILED_BODY }, 403);
    if (result.refuse === 401) throw new ContractException({ ...AUTH_REQUIRED_BODY }, 401);
    if (result.tenant) req.tenant = result.tenant;
    return true;
  }

  requirementOf(context: ExecutionContext): AuthRequirement | undefined {
    return this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
  }

  /**
   * The tenant the request's credential resolves to, without answering or counting anything:
   * the rate limiter asks it for a tenant's own limits (security/tiered-throttler.guard.ts).
   */
  async tenantOf(req: FastifyRequest, requirement: AuthRequirement): Promise<TenantContext | undefined> {
    return (await this.check(req as Req, requirement)).tenant;
  }

  private async check(req: Req, requirement: AuthRequirement): Promise<{ tenant?: TenantContext; refuse?: 401 | 403; sign?: GuessingSign }> {
    switch (requirement.kind) {
      case 'secret': {
        const secret = req.params?.[requirement.param];
        const tenant = await this.tenants.resolve(requirement.scopes, secret);
        if (!tenant) return { refuse: 403, sign: typeof secret === 'string' && secret !== '' ? 'wrong_secret' : undefined };
        const apiKey = header(req, 'user-api-key');
        if (apiKey !== undefined) {
          const owner = await this.tenants.resolve(['api'], apiKey);
          if (!owner || owner.id !== tenant.id) return { refuse: 403, sign: 'wrong_api_key' };
        }
        return { tenant };
      }
      case 'userApiKey':
      case 'optionalUserApiKey': {
        const apiKey = header(req, 'user-api-key');
        const tenant = await this.tenants.resolve(['api'], apiKey);
        if (tenant) return { tenant };
        const sign = apiKey !== undefined ? ('wrong_api_key' as const) : undefined;
        return requirement.kind === 'userApiKey' ? { refuse: 401, sign } : { sign };
      }
      case 'operator':
        return hasOperatorToken(req, this.config.adminToken) ? {} : { refuse: 401 };
    }
  }
}
