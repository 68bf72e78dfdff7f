import { DataSource } from 'typeorm';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';

/** These suites make many (deliberately failing) requests from one IP: no rate limits, no IP blocking. */
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

/** Booting the app runs every migration on a fresh database (slower on MariaDB). */
const BOOT_TIMEOUT = 60_000;

/**
 * Foundation plumbing over real HTTP: health, Swagger, the contract's error shapes. The last
 * block destroys the app's database connection, so it stays last.
 */
describe('foundation: health, docs and contract plumbing', () => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await startTestApp({ env: NO_THROTTLING });
    tenant = await createTenant(t);
  }, BOOT_TIMEOUT);
  afterAll(async () => t.close(), BOOT_TIMEOUT);

  describe('health', () => {
    it('answers 200 with the database type and status', async () => {
      const res = await t.request('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: { type: t.db.kind, status: 'up' } });
    });
  });

  describe('Swagger', () => {
    let doc: any;
    beforeAll(async () => {
      const res = await t.request('/docs-json');
      expect(res.status).toBe(200);
      doc = res.body;
    });

    it('serves an OpenAPI 3 document with the two credential schemes', () => {
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.UserApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'User-API-Key' });
      expect(doc.components.securitySchemes.Operator).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('lists the foundation endpoints with their auth scheme', () => {
      expect(doc.paths['/health'].get).toBeDefined();
      // public: no credential (`security: []`)
      expect(doc.paths['/health'].get.security).toEqual([]);
      for (const [path, method] of [
        ['/api/user/settings', 'get'],
        ['/api/user/settings', 'post'],
        ['/api/user/secrets/rotate', 'post'],
      ]) {
        expect(doc.paths[path][method].security).toEqual([{ UserApiKey: [] }]);
        expect(doc.paths[path][method].responses['401']).toBeDefined();
      }
      for (const [path, method] of [
        ['/api/admin/tenants', 'get'],
        ['/api/admin/tenants', 'post'],
        ['/api/admin/tenants/{id}/suspend', 'post'],
        ['/api/admin/tenants/{id}/activate', 'post'],
        ['/api/admin/tenants/{id}', 'delete'],
      ]) {
        // the operator token as Authorization: Bearer or X-Admin-Token
        expect(doc.paths[path][method].security).toEqual([{ Operator: [] }, { OperatorHeader: [] }]);
      }
    });

    it('only references security schemes it defines', () => {
      const defined = new Set(Object.keys(doc.components.securitySchemes));
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(item)) {
          for (const requirement of op.security ?? []) {
            for (const scheme of Object.keys(requirement)) expect(`${method} ${path}: ${scheme}`).toBe(`${method} ${path}: ${defined.has(scheme) ? scheme : '(undefined)'}`);
          }
        }
      }
    });

    it('documents the secret key as a path parameter on secret-key routes', () => {
      const validate = doc.paths['/api/license/validate/{secret}/{key}']?.post;
      expect(validate).toBeDefined();
      const secret = validate.parameters.find((p: any) => p.name === 'secret');
      expect(secret).toMatchObject({ in: 'path', required: true });
      expect(secret.description).toMatch(/validation/);
      expect(validate.responses['403']).toBeDefined();
    });

    it('serves the Swagger UI page and its assets at /docs', async () => {
      const page = await t.request('/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toContain('swagger-ui');
      const init = await t.request('/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      expect(init.text).toContain('/api/user/settings');
    });
  });

  describe('contract plumbing', () => {
    it("answers an unknown route with the contract's 404 body", async () => {
      for (const path of ['/nope', '/api/nope/deeper', '/api/user/settings/extra']) {
        const res = await t.request(path);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ result: 'error', message: 'The requested resource was not found.', error_code: 404 });
      }
    });

    it("answers a known path with the wrong method with the contract's 405 and an Allow header", async () => {
      const generate = await t.request('/api/license/generate', { method: 'POST' });
      expect(generate.status).toBe(405);
      expect(generate.headers.get('allow')).toBe('GET, HEAD');
      expect(generate.body).toEqual({ result: 'error', message: 'Method not allowed.', error_code: 405 });
      const edit = await t.request('/api/license/edit/some-secret-value');
      expect(edit.status).toBe(405);
      expect(edit.headers.get('allow')).toBe('POST');
      const bridge = await t.request('/api/v1/license/check', { method: 'DELETE' });
      expect(bridge.status).toBe(405);
      expect(bridge.body).toEqual({ status: 405, message: 'Method not allowed.' });
      // an empty path segment where a parameter belongs is an unknown path, not a misused one
      expect((await t.request('/api/license/validate//SOMEKEY', { method: 'POST' })).status).not.toBe(405);
    });

    it('answers malformed JSON with 400 in the contract shape', async () => {
      const res = await t.request('/api/user/settings', {
        method: 'POST',
        headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' },
        body: '{"licensePrefix":',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', error_code: 400 });
      expect(res.text).not.toMatch(/SyntaxError|at JSON|node_modules/);
    });

    it('answers an unsupported content type with 415 and an oversized body with 413', async () => {
      const xml = await t.request('/api/user/settings', {
        method: 'POST',
        headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/xml' },
        body: '<a/>',
      });
      expect(xml.status).toBe(415);
      expect(xml.body).toMatchObject({ result: 'error', message: 'Unsupported content type.' });
      const big = await t.request('/api/user/settings', {
        method: 'POST',
        headers: { 'User-API-Key': tenant.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ adminEmail: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ result: 'error', message: 'Request body is too large.' });
    });

    it('answers a non-numeric id with 400 in the contract shape', async () => {
      const res = await t.request('/api/admin/tenants/abc/suspend', { method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ result: 'error', message: 'Invalid request parameters.', error_code: 400 });
    });

    it('sends the security headers', async () => {
      const res = await t.request('/health');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('when the database is gone', () => {
    beforeAll(async () => {
      await t.app.get(DataSource).destroy();
    });

    it('answers health with 503 and the database down', async () => {
      const res = await t.request('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'error', database: { type: t.db.kind, status: 'down' } });
    });

    it('answers an unexpected error with the generic 500 body and logs the details', async () => {
      const other = 'ZZZZZZ'; // a well-formed key that was never looked up (not cached)
      const before = t.logs.length;
      const res = await t.request('/api/user/settings', { headers: { 'User-API-Key': other } });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ result: 'error', message: 'An internal error occurred. Please try again later.', error_code: 500 });
      const errorLines = t.logs.slice(before).filter((l) => JSON.parse(l).level >= 50);
      expect(errorLines.length).toBeGreaterThan(0);
      expect(errorLines.join('')).not.toContain(other);
    });
  });
});
