import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app.config';
import { buildOpenApiDocument, SWAGGER_UI_OPTIONS } from './common/docs/openapi-document';
import { AllExceptionsFilter, renderError } from './common/filters/all-exceptions.filter';
import { createPinoLogger, PinoNestLogger } from './common/logging/logger';
import { redactUrl } from './common/logging/redact-url';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { headForReadOnlyRoutes } from './common/http/head-policy';
import { installSecurityHooks, securityServerOptions } from './security/security.hooks';

export interface CreateAppOptions {
  logger?: Pino;
}

export const SWAGGER_PATH = 'docs';

/** Builds the Nest app on Fastify with the contract plumbing, headers and Swagger; does not listen. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const pino = options.logger ?? createPinoLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    logger: false,
    ...securityServerOptions(config), // body limit, trust proxy, timeouts, client errors (src/security)
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // HEAD only where the GET is @ReadOnly() (onRoute hook below): see src/common/http/head-policy.ts
    exposeHeadRoutes: false,
    // errors Fastify raises before routing (a malformed URL) get the contract's shape too
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const rendered = renderError(error, request.url);
      void reply.status(rendered.status).type('application/json; charset=utf-8').send(rendered.body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(pino),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRoute', headForReadOnlyRoutes); // before any route is registered (Nest does it at init)

  await installSecurityHooks(app, config, SWAGGER_PATH);

  if (config.logRequests) {
    fastify.addHook('onResponse', (request, reply, done) => {
      pino.info(
        {
          req: { method: request.method, url: redactUrl(request.url, request.routeOptions?.url) },
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
      done();
    });
  }

  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  if (config.swaggerEnabled) {
    SwaggerModule.setup(SWAGGER_PATH, app, buildOpenApiDocument(app), { jsonDocumentUrl: `${SWAGGER_PATH}-json`, swaggerOptions: SWAGGER_UI_OPTIONS });
  }

  if (config.masterKeyGeneratedAt) {
    pino.warn({ file: config.masterKeyGeneratedAt }, 'MASTER_KEY not set: generated one into the data folder. Back it up; set MASTER_KEY in production.');
  }
  return app;
}
