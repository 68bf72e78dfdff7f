import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { LeadContext } from './fluent-leads.service';
import { LEAD_TOKEN_HEADERS, LeadTokenGuard, RequestWithLead, unauthorizedBody } from './lead-token.guard';

/**
 * The route takes a lead's token in `appza-hash`, `lazy-task-hash`, `fcom-mobile-hash` or
 * `Authorization: Bearer` (DECISIONS B); it acts only on the lead's domain (FluentLicenseService).
 */
export function LeadToken() {
  return applyDecorators(
    UseGuards(LeadTokenGuard),
    ...LEAD_TOKEN_HEADERS.map((name) =>
      ApiHeader({ name, required: false, description: 'Lead token (one of these headers, or Authorization: Bearer)' }),
    ),
    ApiUnauthorizedResponse({ description: "Missing, unknown, inactive or closed lead, or a site_url outside the lead's domain", schema: { example: unauthorizedBody() } }),
  );
}

/** The lead the LeadTokenGuard resolved. */
export const CurrentLead = createParamDecorator((_data: unknown, ctx: ExecutionContext): LeadContext => {
  const lead = ctx.switchToHttp().getRequest<RequestWithLead>().lead;
  if (!lead) throw new Error('@CurrentLead() used on a route without @LeadToken()');
  return lead;
});
