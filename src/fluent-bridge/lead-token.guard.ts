import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { FastifyRequest } from 'fastify';
import { ContractException } from '../common/contract.exception';
import { publishGuessingSign } from '../common/events';
import { RequestWithTenant } from '../common/decorators/tenant.decorator';
import { bridgeBody } from '../common/presenters/bridge.presenter';
import { BRIDGE_OUTCOMES, BridgeCode } from '../common/result-codes';
import { FluentLeadsService, LeadContext } from './fluent-leads.service';

/** Headers a lead token may come in, in the order they are tried (then `Authorization: Bearer`). */
export const LEAD_TOKEN_HEADERS = ['appza-hash', 'lazy-task-hash', 'fcom-mobile-hash'] as const;

export type RequestWithLead = FastifyRequest & RequestWithTenant & { lead?: LeadContext };

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

/** The lead tokens a request presents, in the order they are tried. */
export function presentedLeadTokens(req: FastifyRequest): string[] {
  const tokens: string[] = [];
  for (const name of LEAD_TOKEN_HEADERS) {
    const v = header(req, name);
    if (v) tokens.push(v);
  }
  const auth = header(req, 'authorization');
  if (auth && /^bearer\s+/i.test(auth)) tokens.push(auth.replace(/^bearer\s+/i, '').trim());
  return tokens;
}

export const unauthorizedBody = () => bridgeBody(BRIDGE_OUTCOMES[BridgeCode.UNAUTHORIZED].status, BRIDGE_OUTCOMES[BridgeCode.UNAUTHORIZED].message);

/**
 * Resolves a lead token (DECISIONS B) to its lead, product and tenant, and puts them on the
 * request (`@Tenant()`, `@CurrentLead()`). A missing, unknown, inactive or closed lead, or a
 * suspended tenant, gets HTTP 401 `{"status":401,"message":"Unauthorized"}`. A token that is
 * presented but resolves to no lead is a sign of guessing (automatic IP blocking, DECISIONS A5).
 */
@Injectable()
export class LeadTokenGuard implements CanActivate {
  constructor(
    private readonly leads: FluentLeadsService,
    private readonly events: EventEmitter2,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithLead>();
    const tokens = presentedLeadTokens(req).slice(0, 4);
    for (const token of tokens) {
      const lead = await this.leads.resolveToken(token);
      if (lead) {
        req.lead = lead;
        req.tenant = { id: lead.tenantId, username: lead.tenantUsername };
        return true;
      }
    }
    if (tokens.length > 0) publishGuessingSign(this.events, req.ip, 'wrong_lead_token');
    throw new ContractException(unauthorizedBody(), 401);
  }
}
