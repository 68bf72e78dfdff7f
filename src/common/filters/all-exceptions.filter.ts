import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, MethodNotAllowedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContractException, InputValidationException } from '../contract.exception';
import { bridgeBody, isBridgePath } from '../presenters/bridge.presenter';
import { transportErrorBody } from '../presenters/transport-error.presenter';
import { isDatabaseUnavailable } from '../../database/db-errors';
import { MerafCode, MESSAGES, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../result-codes';

export interface RenderedError {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: MESSAGES.PAYLOAD_TOO_LARGE },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: MESSAGES.UNSUPPORTED_MEDIA },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: MESSAGES.MALFORMED_BODY },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: MESSAGES.MALFORMED_BODY },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: MESSAGES.MALFORMED_BODY },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, message: MESSAGES.UNSUPPORTED_MEDIA },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, message: MESSAGES.UNSUPPORTED_MEDIA },
  FST_ERR_BAD_URL: { status: 400, message: MESSAGES.INVALID_INPUT },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, message: MESSAGES.INVALID_INPUT },
};

function clientError(url: string, status: number, message: string, errorCode: number): RenderedError {
  return { status, body: transportErrorBody(url, status, message, errorCode) };
}

/**
 * Turns anything thrown into the wire contract's error shape. Contract bodies pass through;
 * validation errors list their fields; unknown routes get the contract's 404; anything else
 * is a generic 500 whose details go only to the log.
 */
export function renderError(exception: unknown, url: string, logger?: Logger): RenderedError {
  if (exception instanceof ContractException) return { status: exception.getStatus(), body: exception.body };

  if (exception instanceof InputValidationException) {
    if (isBridgePath(url)) {
      return { status: 422, body: bridgeBody(422, exception.details.message ?? MESSAGES.INVALID_INPUT, { errors: exception.errors }) };
    }
    return { status: exception.getStatus(), body: exception.toMerafBody() };
  }

  const fastifyCode = (exception as { code?: string })?.code ?? (exception as { cause?: { code?: string } })?.cause?.code;
  if (fastifyCode && FASTIFY_CLIENT_ERRORS[fastifyCode]) {
    const known = FASTIFY_CLIENT_ERRORS[fastifyCode];
    return clientError(url, known.status, known.message, MerafCode.INVALID_INPUT);
  }

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (status === HttpStatus.NOT_FOUND) return clientError(url, 404, MESSAGES.NOT_FOUND, MerafCode.NOT_FOUND);
    if (status === HttpStatus.METHOD_NOT_ALLOWED) return clientError(url, 405, 'Method not allowed.', MerafCode.METHOD_NOT_ALLOWED);
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) return clientError(url, 413, MESSAGES.PAYLOAD_TOO_LARGE, MerafCode.INVALID_INPUT);
    if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return clientError(url, 415, MESSAGES.UNSUPPORTED_MEDIA, MerafCode.INVALID_INPUT);
    if (status === HttpStatus.REQUEST_TIMEOUT) return clientError(url, 408, MESSAGES.TIMEOUT, MerafCode.INVALID_INPUT);
    if (status < 500) {
      const message =
        typeof response === 'object' && response && 'message' in response && typeof (response as { message: unknown }).message === 'string'
          ? String((response as { message: string }).message)
          : MESSAGES.INVALID_INPUT;
      return clientError(url, status, status === 400 ? MESSAGES.INVALID_INPUT : message, status === 400 ? MerafCode.INVALID_INPUT : status);
    }
    logger?.error({ err: exception, status }, 'HTTP exception');
    return clientError(url, status, MESSAGES.INTERNAL, status === 503 ? MerafCode.QUERY_ERROR : MerafCode.INTERNAL_ERROR);
  }

  const statusCode = (exception as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return clientError(url, statusCode, statusCode === 404 ? MESSAGES.NOT_FOUND : MESSAGES.INVALID_INPUT, statusCode === 404 ? MerafCode.NOT_FOUND : MerafCode.INVALID_INPUT);
  }

  if (isDatabaseUnavailable(exception)) {
    logOutage(exception, logger);
    return { ...clientError(url, 503, MESSAGES.UNAVAILABLE, MerafCode.QUERY_ERROR), headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) } };
  }

  logger?.error({ err: exception }, 'Unhandled error');
  return clientError(url, 500, MESSAGES.INTERNAL, MerafCode.INTERNAL_ERROR);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    let rendered = renderError(exception, request?.url ?? '', this.logger);
    if (rendered.status === 404 && request?.is404) {
      // the path exists, but not for this method: the contract's 405, with the methods it has
      const allowed = allowedMethods(request);
      if (allowed.length > 0) {
        rendered = renderError(new MethodNotAllowedException(), request.url, this.logger);
        rendered.headers = { Allow: allowed.join(', ') };
      }
    }
    if (reply.sent) return;
    if (rendered.headers) reply.headers(rendered.headers);
    void reply.status(rendered.status).type('application/json; charset=utf-8').send(rendered.body);
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods that have a route for this request's path (none: the path itself is unknown). */
export function allowedMethods(request: FastifyRequest): string[] {
  const path = request.url.split('?')[0];
  const server = request.server as unknown as
    | { findRoute?(o: { method: string; url: string }): { params?: Record<string, string> } | null }
    | undefined;
  if (!server?.findRoute) return [];
  return METHODS.filter((method) => {
    if (method === request.method) return false;
    const route = server.findRoute!({ method, url: path });
    // an empty path parameter (`/validate//KEY`) is no match: that path is unknown, not misused
    return route !== null && Object.values(route.params ?? {}).every((v) => v !== '');
  });
}

let lastOutageLog = 0;
let outagesNotLogged = 0;
/** One warning per 10 s while the database is out, not one per request. */
function logOutage(exception: unknown, logger?: Logger): void {
  const now = Date.now();
  if (now - lastOutageLog < 10_000) {
    outagesNotLogged++;
    return;
  }
  const err = exception as { message?: string; driverError?: { code?: string }; code?: string };
  logger?.warn({ code: err.driverError?.code ?? err.code, message: err.message, alsoAnswered503: outagesNotLogged }, 'Database unavailable: answered 503');
  lastOutageLog = now;
  outagesNotLogged = 0;
}
