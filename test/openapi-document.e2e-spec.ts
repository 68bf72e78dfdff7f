import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRoutes, RouteInfo } from '../src/common/docs/routes';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * The OpenAPI document stays complete as routes are added: every route documented with a typed
 * success body, every parameter described, every authenticated route with its credential, every
 * throttled route with its 429, nullable values typed. Checked against the app's own route table.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type Schema = Record<string, any>;

/** Paths inside `schema` whose node says nothing of its type (`any` in a generated client). */
function untyped(schema: Schema | undefined, at: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return [...out, `${at}: no schema`];
  if (schema.$ref) return out;
  if (schema.oneOf || schema.anyOf || schema.allOf) {
    for (const [i, s] of (schema.oneOf ?? schema.anyOf ?? schema.allOf).entries()) untyped(s, `${at}/${i}`, out);
    return out;
  }
  if (!schema.type) return [...out, `${at}: untyped`];
  if (schema.type === 'object' && schema.nullable && !schema.properties && !schema.additionalProperties) out.push(`${at}: nullable object without properties`);
  if (schema.type === 'array') untyped(schema.items, `${at}[]`, out);
  for (const [k, v] of Object.entries<Schema>(schema.properties ?? {})) untyped(v, `${at}.${k}`, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') untyped(schema.additionalProperties, `${at}{}`, out);
  return out;
}

describe('the OpenAPI document: complete for every route', () => {
  let t: TestApp;
  let doc: any;
  let routes: RouteInfo[];
  const ops: Array<{ key: string; op: any; route: RouteInfo | undefined }> = [];

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.request('/docs-json')).body;
    routes = listRoutes(t.app);
    const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of METHODS) if (item[method]) ops.push({ key: `${method} ${path}`, op: item[method], route: byKey.get(`${method} ${path}`) });
    }
  });
  afterAll(async () => t?.close());

  it('documents every route of the app, and nothing else', () => {
    expect(ops.length).toBeGreaterThan(90);
    expect(ops.filter((o) => !o.route).map((o) => o.key)).toEqual([]);
    const documented = new Set(ops.map((o) => o.key));
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('gives every operation a typed 2xx body, with nothing untyped inside', () => {
    const problems: string[] = [];
    for (const { key, op } of ops) {
      const ok = Object.entries<any>(op.responses).filter(([status]) => /^2/.test(status));
      if (!ok.length) problems.push(`${key}: no 2xx answer`);
      for (const [status, response] of ok) {
        const media = Object.entries<any>(response.content ?? {});
        if (!media.length) problems.push(`${key} ${status}: no body`);
        for (const [type, m] of media) problems.push(...untyped(m.schema, `${key} ${status} ${type}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every error answer a typed body too', () => {
    const problems: string[] = [];
    for (const { key, op } of ops) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (/^2/.test(status)) continue;
        for (const [type, m] of Object.entries<any>(response.content ?? {})) problems.push(...untyped(m.schema, `${key} ${status} ${type}`));
        if (!response.content) problems.push(`${key} ${status}: no body`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes every parameter', () => {
    const missing = ops.flatMap(({ key, op }) => (op.parameters ?? []).filter((p: any) => !p.description?.trim()).map((p: any) => `${key}: ${p.in} ${p.name}`));
    expect(missing).toEqual([]);
  });

  it('declares the credential of every authenticated route', () => {
    const problems: string[] = [];
    for (const { key, op, route } of ops) {
      if (!Array.isArray(op.security)) problems.push(`${key}: no security`);
      const schemes = new Set((op.security ?? []).flatMap((r: object) => Object.keys(r)));
      const auth = route?.auth;
      if (auth?.kind === 'userApiKey' && !(schemes.has('UserApiKey') && !op.security.some((r: object) => Object.keys(r).length === 0))) problems.push(`${key}: User-API-Key not required`);
      if (auth?.kind === 'optionalUserApiKey' && !schemes.has('UserApiKey')) problems.push(`${key}: optional User-API-Key not declared`);
      if (auth?.kind === 'operator' && !(schemes.has('Operator') && schemes.has('OperatorHeader'))) problems.push(`${key}: operator token not declared`);
      if (auth?.kind === 'secret') {
        const secret = (op.parameters ?? []).find((p: any) => p.in === 'path' && p.name === auth.param);
        if (!secret?.required || !/secret key/.test(secret.description ?? '')) problems.push(`${key}: secret path parameter not documented`);
        if (!op.responses['403']) problems.push(`${key}: no 403 for a refused secret`);
      }
      if (route?.guards.includes('LeadTokenGuard') && !schemes.has('LeadToken')) problems.push(`${key}: lead token not declared`);
      if (route?.guards.includes('CronTokenGuard') && !schemes.has('CronToken')) problems.push(`${key}: cron token not declared`);
      if ((auth && auth.kind !== 'optionalUserApiKey' && auth.kind !== 'secret') || route?.guards.length) {
        if (!op.responses['401']) problems.push(`${key}: no 401 answer`);
      }
    }
    expect(problems).toEqual([]);
    for (const name of Object.keys(doc.components.securitySchemes)) expect(doc.components.securitySchemes[name].bearerFormat).toBeUndefined();
  });

  it("lists the 429 of every throttled route, and the 503 and 500 of every route, in the contract's shape", () => {
    const problems: string[] = [];
    for (const { key, op, route } of ops) {
      if (route && route.tier !== 'none' && !op.responses['429']) problems.push(`${key}: no 429`);
      if (!op.responses['500']) problems.push(`${key}: no 500`);
      const bridge = /^\S+ \/api\/(v1|appza)\//.test(key);
      const body = op.responses['500']?.content?.['application/json']?.schema;
      if (body && !(bridge ? body.properties?.status : body.properties?.error_code)) problems.push(`${key}: 500 not in the contract's shape`);
    }
    expect(problems).toEqual([]);
  });

  it("states the server's version, its license, and tags in reading order (licenses first, operator last)", () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
    expect(doc.info.version).toBe(pkg.version);
    const tags = doc.tags.map((x: { name: string }) => x.name);
    expect(tags[0]).toBe('Licenses (MERAF API)');
    expect(tags[tags.length - 1]).toMatch(/^Operator/);
    const used = new Set(ops.flatMap((o) => o.op.tags ?? []));
    expect([...used].filter((tag) => !tags.includes(tag))).toEqual([]);
  });

  it('turns on deep links and keeps the authorization across reloads in Swagger UI', async () => {
    const init = await t.request('/docs/swagger-ui-init.js');
    expect(init.text).toMatch(/"deepLinking":\s*true/);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });

  it('lists the 400 that POST /api/user/products answers to an empty body, with its body', async () => {
    const op = doc.paths['/api/user/products'].post;
    expect(op.responses['400']).toBeDefined();
    const tenant = await (await import('./helpers/test-app')).createTenant(t);
    const res = await t.request('/api/user/products', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: {} });
    expect(res.status).toBe(400);
    const schema = op.responses['400'].content['application/json'].schema;
    for (const field of schema.required) expect(res.body).toHaveProperty(field);
  });
});
