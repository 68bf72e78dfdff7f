import { Server } from 'node:http';
import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppConfig } from '../config/app.config';
import { clientErrorHandler } from '../common/filters/client-error.handler';
import { InputValidationException } from '../common/contract.exception';
import { IpRulesService } from './ip-rules.service';
import { FailedAttemptsListener } from './failed-attempts.listener';
import { ipBlockedBody } from './security.presenter';
import { findIllFormedText } from './well-formed-input';

/** The API answers JSON only: nothing may load, frame or submit from it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** Swagger UI: its own scripts and styles (it sets inline styles) and the data: icons. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
export const HSTS = 'max-age=31536000; includeSubDomains; preload';

/**
 * Fastify server options of the security layer: body limit, proxy trust, request timeout, and
 * contract-shaped answers to errors raised before a request reaches a route (timeouts, header
 * overflow, unparseable HTTP).
 */
export function securityServerOptions(config: AppConfig): {
  bodyLimit: number;
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  requestTimeout: number;
  keepAliveTimeout: number;
  clientErrorHandler: (err: Error, socket: Socket) => void;
} {
  const s = config.security;
  return {
    bodyLimit: s.bodyLimitBytes,
    // a hop count trusts that many proxies nearest to the server (what Fastify does with a number)
    trustProxy: typeof s.trustProxy === 'number' ? hopCount(s.trustProxy) : s.trustProxy,
    requestTimeout: s.requestTimeoutMs,
    keepAliveTimeout: s.keepAliveTimeoutMs,
    clientErrorHandler,
  };
}

function hopCount(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/**
 * Node checks request deadlines every `connectionsCheckingInterval` (default 30 s, far coarser
 * than the timeouts) and cuts slow headers after `headersTimeout`. Both are read when the server
 * starts listening, so this runs before `listen`.
 */
function applyServerTimeouts(server: Server, requestTimeoutMs: number, headersTimeoutMs: number): void {
  const headers = requestTimeoutMs > 0 ? Math.min(headersTimeoutMs, requestTimeoutMs) : headersTimeoutMs;
  const tunable = server as Server & { connectionsCheckingInterval: number };
  tunable.connectionsCheckingInterval = Math.max(100, Math.min(30_000, Math.floor(headers / 4)));
  server.headersTimeout = headers;
}

function isDocsPath(url: string, swaggerPath: string): boolean {
  const base = `/${swaggerPath}`;
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`) || url.startsWith(`${base}-`);
}

/**
 * Security headers (helmet plus what the spec lists that helmet does not set), then the IP block
 * check, as Fastify onRequest hooks: they run for every request, unknown routes included, before
 * body parsing, guards or any database work. After parsing, a preValidation hook refuses text that
 * is not well-formed Unicode.
 */
export async function installSecurityHooks(app: NestFastifyApplication, config: AppConfig, swaggerPath: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  applyServerTimeouts(app.getHttpServer() as Server, config.security.requestTimeoutMs, config.security.headersTimeoutMs);

  await app.register(helmet as never, {
    global: true,
    contentSecurityPolicy: false, // set per path below
    frameguard: { action: 'deny' },
    hsts: false, // only over HTTPS, below
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xDnsPrefetchControl: { allow: false },
    xXssProtection: false, // helmet would send "0"; the spec lists "1; mode=block"
  } as never);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply.header('X-XSS-Protection', '1; mode=block');
    reply.header('Permissions-Policy', 'interest-cohort=()');
    if (isDocsPath(request.url, swaggerPath)) {
      reply.header('Content-Security-Policy', DOCS_CSP);
    } else {
      reply.header('Content-Security-Policy', API_CSP);
      reply.header('Cache-Control', 'no-store');
    }
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
    done();
  });

  // refuse text that is not well-formed Unicode before any validator or handler sees it
  fastify.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const bad =
      findIllFormedText(request.query, 'query') ?? findIllFormedText(request.params, 'params') ?? findIllFormedText(request.body, 'body');
    if (bad === undefined) return done();
    done(new InputValidationException({ [bad]: ['must be well-formed Unicode text'] }));
  });

  // A failing validation/registration answers only once it is counted (and any block it caused
  // is written), so the threshold-reaching client's next request is refused (DECISIONS A5).
  const failures = app.get(FailedAttemptsListener);
  fastify.addHook('onSend', (request: FastifyRequest, _reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    const pending = failures.settledFor(request.ip);
    if (!pending) return done(null, payload);
    pending.then(
      () => done(null, payload),
      () => done(null, payload),
    );
  });

  const rules = app.get(IpRulesService);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (rules.verdict(request.ip).kind !== 'deny') return done();
    rules.confirmDeny(request.ip).then(
      (denied) => {
        if (!denied) return done();
        void reply.status(403).type('application/json; charset=utf-8').send(ipBlockedBody(request.url));
      },
      () => void reply.status(403).type('application/json; charset=utf-8').send(ipBlockedBody(request.url)),
    );
  });
}
