import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app.config';
import { AllExceptionsFilter, renderError } from './common/filters/all-exceptions.filter';
import { createPinoLogger, PinoNestLogger } from './common/logging/logger';
import { redactUrl } from './common/logging/redact-url';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { installSecurityHooks, securityServerOptions } from './security/security.hooks';
import { installCors } from './security/cors';

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

  await installSecurityHooks(app, config, SWAGGER_PATH);
  await installCors(app, config.cors); // after the IP block check: a blocked client's preflight is refused too

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

  if (config.swaggerEnabled) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('License Server API')
        .setDescription(
          'Self-hosted multi-tenant license server. Speaks the MERAF Production Panel API (secret keys in the path, ' +
            '`User-API-Key` header for tenant endpoints) and the plugin License API v1 (Fluent bridge).',
        )
        .setVersion('1.0')
        .addApiKey({ type: 'apiKey', in: 'header', name: 'User-API-Key', description: "Tenant's 6-character User-API-Key" }, 'UserApiKey')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Operator token (ADMIN_TOKEN)' }, 'Operator')
        .build(),
    );
    SwaggerModule.setup(SWAGGER_PATH, app, document, { jsonDocumentUrl: `${SWAGGER_PATH}-json` });
  }

  if (config.masterKeyGeneratedAt) {
    pino.warn({ file: config.masterKeyGeneratedAt }, 'MASTER_KEY not set: generated one into the data folder. Back it up; set MASTER_KEY in production.');
  }
  return app;
}
