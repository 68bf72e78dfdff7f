import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { BridgeCode } from '../common/result-codes';
import { outcome, presentBridge } from './bridge-outcome';

export interface BridgeExample {
  code: BridgeCode;
  summary: string;
  fields?: Record<string, unknown>;
  message?: string;
}

export interface QueryParamDoc {
  name: string;
  required: boolean;
  example: string;
  description: string;
}

/**
 * Swagger for one License API v1 route: its parameters (body for POST, query for GET; either is
 * accepted at run time) and an example response per outcome, rendered by the real presenter.
 */
export function BridgeDocs(opts: {
  summary: string;
  description?: string;
  params: Type<unknown>;
  query?: QueryParamDoc[];
  examples: BridgeExample[];
}) {
  const byStatus = new Map<number, Record<string, { summary: string; value: unknown }>>();
  const all: BridgeExample[] = [
    ...opts.examples,
    { code: BridgeCode.VALIDATION_ERROR, summary: 'Invalid parameters', fields: { errors: { site_url: ['The site url field is required.'] } } },
  ];
  all.forEach((e, i) => {
    const { status, body } = presentBridge(outcome(e.code, e.fields, e.message));
    const bucket = byStatus.get(status) ?? {};
    bucket[`${e.code}${i}`] = { summary: e.summary, value: body };
    byStatus.set(status, bucket);
  });
  const decorators = [
    ApiOperation({
      summary: opts.summary,
      description: `${opts.description ?? ''}\n\nParameters may be sent as JSON, as a form body or in the query string.`.trim(),
    }),
    ...[...byStatus].map(([status, examples]) => ApiResponse({ status, description: Object.values(examples).map((e) => e.summary).join('; '), examples })),
  ];
  if (opts.query) {
    decorators.push(...opts.query.map((q) => ApiQuery({ name: q.name, required: q.required, example: q.example, description: q.description })));
  } else {
    decorators.push(ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'), ApiBody({ type: opts.params }));
  }
  return applyDecorators(...decorators);
}
