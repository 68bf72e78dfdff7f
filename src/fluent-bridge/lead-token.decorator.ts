import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiAnswer, BRIDGE_ERROR_SCHEMA } from '../common/docs/answers';
import { SecuredBy } from '../common/docs/security';
import type { LeadContext } from './fluent-leads.service';
import { LeadTokenGuard, RequestWithLead, unauthorizedBody } from './lead-token.guard';

/**
 * The route takes a lead's token in `appza-hash`, `lazy-task-hash`, `fcom-mobile-hash` or
 * `Authorization: Bearer` (DECISIONS B).
 */
export function LeadToken() {
  return applyDecorators(
    UseGuards(LeadTokenGuard),
    // the headers of LEAD_TOKEN_HEADERS, then Authorization: Bearer
    SecuredBy('LeadToken', 'LeadTokenLazyTask', 'LeadTokenFcomMobile', 'LeadTokenBearer'),
    ApiAnswer(401, 'Missing, unknown, inactive or closed lead', unauthorizedBody(), { schema: BRIDGE_ERROR_SCHEMA }),
  );
}

/** The lead the LeadTokenGuard resolved. */
export const CurrentLead = createParamDecorator((_data: unknown, ctx: ExecutionContext): LeadContext => {
  const lead = ctx.switchToHttp().getRequest<RequestWithLead>().lead;
  if (!lead) throw new Error('@CurrentLead() used on a route without @LeadToken()');
  return lead;
});
