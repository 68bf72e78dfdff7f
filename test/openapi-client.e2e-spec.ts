import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import createClient from 'openapi-fetch';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';

/**
 * An integrator's client from the live document: openapi-typescript generates the types from
 * /docs-json, tsc type-checks calls of the main routes made with openapi-fetch (no `any` in the
 * answers), and the same calls run against the real server.
 */
const run = promisify(execFile);
const ROOT = process.cwd();
const bin = (pkg: string, file: string) => resolve(ROOT, 'node_modules', pkg, file);

const CALLS = `
import createClient from 'openapi-fetch';
import type { paths } from './schema';

type IsAny<T> = 0 extends 1 & T ? true : false;
/** Refuses (at compile time) a value typed any: the call then lacks its second argument. */
function notAny<T>(value: T, ..._typed: IsAny<T> extends true ? ['typed any'] : []): T {
  return value;
}
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });

export async function merafCalls(secret: string) {
  const created = await client.GET('/api/license/create/{secret}/data', {
    params: {
      path: { secret },
      query: {
        license_status: 'active', license_type: 'lifetime', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com',
        max_allowed_domains: 1, max_allowed_devices: 1, product_ref: 'my-plugin', txn_id: 't1', purchase_id_: 'p1',
      },
    },
  });
  if (created.data) {
    const result: string = notAny(created.data.result);
    const key: string | undefined = created.data.key;
    void result; void key;
  }
  // errors are the union of the documented answers: 403 (secret), 400 (fields), 429 (rate limit, no error_code), ...
  if (created.error && 'error_code' in created.error) {
    const code: number = created.error.error_code;
    void code;
  }
  const validated = await client.POST('/api/license/validate/{secret}/{key}', { params: { path: { secret, key: 'K' } } });
  if (validated.data) {
    const code: number = notAny(validated.data.error_code);
    const status: string = validated.data.status;
    const domains: Array<{ domain_name: string }> = validated.data.registered_domains;
    void code; void status; void domains;
  }
  const registered = await client.GET('/api/license/register/{type}/{name}/{secret}/{key}', {
    params: { path: { type: 'domain', name: 'example.com', secret, key: 'K' } },
  });
  if (registered.data) {
    const code: number = notAny(registered.data.error_code);
    void code;
  }
}

export async function bridgeCalls(token: string) {
  const activated = await client.POST('/api/v1/license/activate', {
    body: { site_url: 'https://example.com', license_key: 'FC-1' },
    headers: { 'appza-hash': token },
  });
  if (activated.data) {
    const status: number = notAny(activated.data.status);
    const message: string = activated.data.message;
    void status; void message;
  }
  if (activated.error) {
    const message: string = activated.error.message;
    void message;
  }
  const checked = await client.POST('/api/v1/license/check', { body: { site_url: 'https://example.com', license_key: 'FC-1' } });
  if (checked.data) {
    const message: string = notAny(checked.data.message);
    void message;
  }
}

export async function tenantCalls(apiKey: string) {
  const products = await client.GET('/api/user/products', { headers: { 'User-API-Key': apiKey } });
  if (products.data) {
    const slug: string = notAny(products.data.products[0].slug);
    const current: string | null = products.data.products[0].current_version;
    void slug; void current;
  }
  if (products.error && 'code' in products.error) {
    const code: string = products.error.code;
    void code;
  }
}
`;

describe('a TypeScript client generated from the OpenAPI document', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await createTenant(t);
    dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('generates, and type-checks calls of the main routes with openapi-fetch (answers typed, not any)', async () => {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify((await t.request('/docs-json')).body));
    await run(process.execPath, [bin('openapi-typescript', 'bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')], { cwd: dir });
    writeFileSync(join(dir, 'calls.ts'), CALLS);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
          skipLibCheck: true,
          paths: { 'openapi-fetch': [resolve(ROOT, 'node_modules/openapi-fetch')] },
        },
        files: ['calls.ts', 'schema.d.ts'],
      }),
    );
    const checked = await run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => '',
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
    expect(checked).toBe('');
  }, 120_000);

  it('creates, validates and registers a license, and lists products, through openapi-fetch against the server', async () => {
    const client = createClient<any>({ baseUrl: t.baseUrl });
    const created = await client.GET('/api/license/create/{secret}/data', {
      params: {
        path: { secret: tenant.secretKeys.creation },
        query: {
          license_status: 'active',
          license_type: 'lifetime',
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@example.com',
          max_allowed_domains: 1,
          max_allowed_devices: 1,
          product_ref: 'my-plugin',
          txn_id: 't1',
          purchase_id_: 'p1',
        },
      },
    });
    expect(created.response.status).toBe(200);
    expect(created.data).toMatchObject({ result: 'success', key: expect.any(String), code: 400 });
    const key = created.data.key as string;

    const validated = await client.POST('/api/license/validate/{secret}/{key}', { params: { path: { secret: tenant.secretKeys.validation, key } } });
    expect(validated.data).toMatchObject({ result: 'success', error_code: 100, license_key: key, status: 'active', registered_domains: [] });

    const registered = await client.GET('/api/license/register/{type}/{name}/{secret}/{key}', {
      params: { path: { type: 'domain', name: 'example.com', secret: tenant.secretKeys.activation, key } },
    });
    expect(registered.data).toMatchObject({ result: 'success', error_code: 300 });

    const unauthorized = await client.GET('/api/user/products', { headers: { 'User-API-Key': 'WRONG1' } });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error).toMatchObject({ result: 'error', code: 'AUTHENTICATION_REQUIRED' });

    await client.POST('/api/user/products', { headers: { 'User-API-Key': tenant.apiKey }, body: { name: 'My Plugin' } });
    const products = await client.GET('/api/user/products', { headers: { 'User-API-Key': tenant.apiKey } });
    expect(products.data).toMatchObject({ result: 'success', products: [{ name: 'My Plugin', slug: expect.any(String), current_version: null, variations: [] }] });
  });
});
