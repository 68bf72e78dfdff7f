import { createParamDecorator, ExecutionContext, PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { InputValidationException } from '../common/contract.exception';
import { flattenValidationErrors } from '../common/pipes/validation.pipe';
import { BRIDGE_OUTCOMES, BridgeCode } from '../common/result-codes';

/** Scalars become strings (plugins send numbers in JSON and strings in forms); anything else is kept for validation to reject. */
function scalar(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return value.trim();
  return value;
}

/**
 * The request's parameters from the query string, a form body and a JSON body, merged in that
 * order (the body wins), as Laravel's `$request->all()` does.
 */
export function mergeBridgeParams(query: unknown, body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const source of [query, body]) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = scalar(v);
    }
  }
  return out;
}

const RawBridgeParams = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  return mergeBridgeParams(req.query, req.body);
});

/** Validates merged parameters against a DTO; failures are the bridge's 422 with `errors`. */
class BridgeParamsPipe<T extends object> implements PipeTransform<Record<string, unknown>, Promise<T>> {
  constructor(private readonly dto: Type<T>) {}

  async transform(value: Record<string, unknown>): Promise<T> {
    const instance = plainToInstance(this.dto, { ...value });
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true });
    if (errors.length) {
      throw new InputValidationException(flattenValidationErrors(errors), {
        status: BRIDGE_OUTCOMES[BridgeCode.VALIDATION_ERROR].status,
        message: BRIDGE_OUTCOMES[BridgeCode.VALIDATION_ERROR].message,
      });
    }
    return instance;
  }
}

/** The endpoint's parameters (query, form or JSON body), validated against `dto`. */
export const BridgeParams = <T extends object>(dto: Type<T>) => RawBridgeParams(undefined, new BridgeParamsPipe(dto));
