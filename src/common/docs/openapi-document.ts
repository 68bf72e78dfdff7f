import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerCustomOptions, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBridgePath } from '../presenters/bridge.presenter';
import { MESSAGES, MerafCode } from '../result-codes';
import { IP_BLOCKED_MESSAGE, RATE_LIMIT_MESSAGE } from '../../security/security.presenter';
import { BRIDGE_ERROR_SCHEMA, MERAF_ERROR_SCHEMA } from './answers';
import { listRoutes, RouteInfo } from './routes';
import { schemaFromExample } from './schema-from-example';
import { SECURITY_SCHEMES, SecuritySchemeName } from './security';
import { TAGS } from './tags';

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** package.json's version: `info.version` names the server release the document describes. */
export function packageVersion(): string {
  // from dist/src/common/docs (compiled) or src/common/docs; ES modules under Jest have no __dirname: the cwd
  const here = typeof __dirname === 'string' ? [join(__dirname, '../../..'), join(__dirname, '../../../..')] : [];
  for (const dir of [...here, process.cwd()]) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'license-server' && pkg.version) return pkg.version;
    } catch {
      /* the next level up */
    }
  }
  throw new Error('package.json of license-server not found');
}

/** The OpenAPI document of the app's routes: served at /docs-json, written by scripts/openapi-document.cjs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('License Server API')
    .setDescription(
      'Self-hosted multi-tenant license server. Speaks the MERAF Production Panel API (secret keys in the path, ' +
        '`User-API-Key` header for tenant endpoints) and the plugin License API v1 (Fluent bridge). ' +
        'Errors come in the contract of the route: `{result, message, error_code}` (MERAF and tenant REST API) or ' +
        '`{status, message}` (License API v1, `/api/v1/*` and `/api/appza/*`).',
    )
    .setVersion(packageVersion())
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  for (const tag of TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  completeDocument(document, listRoutes(app));
  return document;
}

/** Swagger UI: deep links to tags and operations, the entered credentials kept across reloads. */
export const SWAGGER_UI_OPTIONS: SwaggerCustomOptions['swaggerOptions'] = {
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
};

/**
 * What every route answers whatever its own docs say, in its contract's shape (the same choice
 * the exception filter makes, by path): the IP block (403), the rate limit of its tier (429),
 * bodies the parser refuses (400, 413, 415), the internal error (500) and the database outage
 * (503). Also: `security: []` on routes without a scheme (public, or the secret in the path),
 * bodies documented only by example typed from it, tags of new routes placed before the operator's.
 */
export function completeDocument(document: OpenAPIObject, routes: RouteInfo[]): void {
  const byRoute = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const usedTags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of OPERATIONS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const route = byRoute.get(`${method} ${path}`);
      for (const tag of op.tags ?? []) usedTags.add(tag);
      const bridge = isBridgePath(path);
      const error = (status: number, message: string, code: number, extra: Record<string, unknown> = {}) =>
        bridge ? { status, message, ...extra } : { result: 'error', message, ...extra, error_code: code };
      const errorSchema = bridge ? BRIDGE_ERROR_SCHEMA : MERAF_ERROR_SCHEMA;

      if (!op.security) op.security = [];
      for (const response of Object.values(op.responses ?? {}) as ResponseObject[]) typeExamples(response);
      for (const parameter of (op.parameters ?? []) as ParameterObject[]) {
        if (!parameter.description && parameter.in === 'header' && /^user-api-key$/i.test(parameter.name)) parameter.description = "The tenant's User-API-Key";
      }

      addAnswer(op, 403, 'The client address is blocked or denied (IP rules)', error(403, IP_BLOCKED_MESSAGE, MerafCode.FORBIDDEN_ERROR), errorSchema);
      if (route && route.tier !== 'none') {
        addAnswer(
          op,
          429,
          `Rate limit of the "${route.tier}" tier exceeded (per client IP). Headers: Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset.`,
          bridge ? { status: 429, message: RATE_LIMIT_MESSAGE, retry_after: 42 } : { result: 'error', message: RATE_LIMIT_MESSAGE, code: 'RATE_LIMIT_EXCEEDED', retry_after: 42 },
          bridge
            ? { ...BRIDGE_ERROR_SCHEMA, properties: { ...BRIDGE_ERROR_SCHEMA.properties, retry_after: { type: 'integer' } } }
            : {
                type: 'object',
                required: ['result', 'message', 'code', 'retry_after'],
                properties: { result: { type: 'string', enum: ['error'] }, message: { type: 'string' }, code: { type: 'string', enum: ['RATE_LIMIT_EXCEEDED'] }, retry_after: { type: 'integer', description: 'Seconds' } },
              },
        );
      }
      if (op.requestBody) {
        // the validation pipe's field errors are a 400 too (the License API v1 answers those with 422)
        addAnswer(
          op,
          400,
          bridge ? 'Malformed request body' : 'Malformed body, or invalid fields (listed in `errors`); nothing was changed',
          bridge ? error(400, MESSAGES.MALFORMED_BODY, MerafCode.INVALID_INPUT) : error(400, MESSAGES.INVALID_INPUT, MerafCode.INVALID_INPUT, { errors: { name: ['name should not be empty'] } }),
          errorSchema,
        );
        addAnswer(op, 413, 'Request body too large', error(413, MESSAGES.PAYLOAD_TOO_LARGE, MerafCode.INVALID_INPUT), errorSchema);
        addAnswer(op, 415, 'Unsupported content type', error(415, MESSAGES.UNSUPPORTED_MEDIA, MerafCode.INVALID_INPUT), errorSchema);
      }
      addAnswer(op, 500, 'Internal error (details only in the server log)', error(500, MESSAGES.INTERNAL, MerafCode.INTERNAL_ERROR), errorSchema);
      if (path !== '/health') {
        addAnswer(op, 503, 'The database does not answer in time (Retry-After: 5)', error(503, MESSAGES.UNAVAILABLE, MerafCode.QUERY_ERROR), errorSchema);
      }
    }
  }
  const known = new Set(TAGS.map((t) => t.name));
  const extra = [...usedTags].filter((t) => !known.has(t)).map((name) => ({ name }));
  const tags = [...(document.tags ?? [])].filter((t) => usedTags.has(t.name));
  const firstOperator = tags.findIndex((t) => t.name.startsWith('Operator'));
  tags.splice(firstOperator < 0 ? tags.length : firstOperator, 0, ...extra);
  document.tags = tags;
}

/** A status the route documents itself keeps its own text; otherwise the common answer is added. */
function addAnswer(op: OperationObject, status: number, description: string, example: unknown, schema: SchemaObject): void {
  const key = String(status);
  if (op.responses[key]) return;
  op.responses[key] = { description, content: { 'application/json': { schema: { ...schema, example } } } };
}

/** A body documented only by example(s) gets the schema they show. */
function typeExamples(response: ResponseObject): void {
  for (const media of Object.values(response.content ?? {})) {
    const schema = (media.schema ?? {}) as SchemaObject & { $ref?: string };
    if (schema.$ref || schema.type || schema.oneOf || schema.allOf || schema.anyOf) continue;
    const values = media.examples ? Object.values(media.examples).map((e) => (e as { value: unknown }).value) : [schema.example ?? media.example];
    if (values.every((v) => v === undefined)) continue;
    const typed = values.length === 1 ? schemaFromExample(values[0]) : (schemaFromExample(values).items as SchemaObject);
    media.schema = { ...typed, ...(schema.example !== undefined ? { example: schema.example } : {}) };
  }
}

export type { SecuritySchemeName };
