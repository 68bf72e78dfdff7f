import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { LicenseActivation } from '../src/activations/entities/license-activation.entity';
import { License } from '../src/licenses/entities/license.entity';
import { LogsService } from '../src/logs/logs.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, licenseFields, meraf } from './licenses-support';

/**
 * Hostile and malformed input: wrong types, overlong strings, unknown options and types,
 * malformed dates, SQL and script fragments, odd unicode. Each gets a 400 (or the contract's
 * business error shape), never a 500, and changes nothing.
 */
describe('licenses: bad input', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof meraf>;
  let key: string;
  let before: { licenses: License[]; activations: LicenseActivation[] };

  const state = async () => ({
    licenses: await t.app.get(DataSource).getRepository(License).find({ order: { id: 'ASC' } }),
    activations: await t.app.get(DataSource).getRepository(LicenseActivation).find({ order: { id: 'ASC' } }),
  });

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    tenant = await createTenant(t);
    api = meraf(t, tenant);
    key = await createLicense(t, tenant, { max_allowed_domains: 5, max_allowed_devices: 5 });
    await api.register('domain', 'example.com', key);
    before = await state();
  });
  afterAll(async () => t.close());

  const SQL = ["' OR '1'='1", "1; DROP TABLE licenses; --", "x' UNION SELECT license_key FROM licenses --", '`; DELETE FROM tenants;'];
  const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)//<'];
  const UNICODE = ['Jo\u200bhn', 'evil\u202egnp.exe', 'nul\u0000byte', 'line\nbreak', '\ud800', '🙂🙂🙂'];

  // Text that is not well-formed Unicode (a lone surrogate) is refused for the whole app before any
  // handler runs, with the generic input code 400; everything else gets the endpoint's own code.
  const ownCode = (patch: Record<string, unknown>, code: number) =>
    Object.values(patch).some((v) => typeof v === 'string' && !(v as string & { isWellFormed(): boolean }).isWellFormed()) ? 400 : code;

  const createCases: Array<[string, Record<string, unknown>]> = [
    ['max_allowed_domains as text', { max_allowed_domains: 'three' }],
    ['max_allowed_domains negative', { max_allowed_domains: -1 }],
    ['max_allowed_domains fractional', { max_allowed_domains: 1.5 }],
    ['max_allowed_domains huge', { max_allowed_domains: 1e12 }],
    ['max_allowed_devices as boolean', { max_allowed_devices: true }],
    ['first_name as number', { first_name: 42 }],
    ['first_name as array', { first_name: ['a', 'b'] }],
    ['first_name as object', { first_name: { $ne: null } }],
    ['first_name overlong', { first_name: 'a'.repeat(101) }],
    ['email overlong', { email: `${'a'.repeat(200)}@example.com` }],
    ['email malformed', { email: 'john@' }],
    ['company_name overlong', { company_name: 'c'.repeat(192) }],
    ['product_ref overlong', { product_ref: 'p'.repeat(192) }],
    ['unknown license_type', { license_type: 'forever' }],
    ['unknown license_status', { license_status: 'deleted' }],
    ['unknown billing_interval', { license_type: 'subscription', billing_length: 1, billing_interval: 'decades', date_expiry: '2030-01-01' }],
    ['unknown field', { is_admin: true }],
    ['malformed date', { license_type: 'trial', date_expiry: '2026-02-30' }],
    ['date in words', { license_type: 'trial', date_expiry: 'next tuesday' }],
    ['date with SQL', { license_type: 'trial', date_expiry: "2030-01-01'; DROP TABLE licenses; --" }],
    ['custom key too short', { license_key: 'abc' }],
    ['custom key with spaces', { license_key: 'KEY WITH SPACES 123' }],
    ['custom key overlong', { license_key: 'K'.repeat(129) }],
    ...SQL.map((v): [string, Record<string, unknown>] => [`SQL in txn_id: ${v}`, { txn_id: v }]),
    ...SQL.map((v): [string, Record<string, unknown>] => [`SQL in first_name: ${v}`, { first_name: v }]),
    ...SQL.map((v): [string, Record<string, unknown>] => [`SQL in license_key: ${v}`, { license_key: v }]),
    ...SCRIPT.map((v): [string, Record<string, unknown>] => [`script in company_name: ${v}`, { company_name: v }]),
    ...SCRIPT.map((v): [string, Record<string, unknown>] => [`script in last_name: ${v}`, { last_name: v }]),
    ...SCRIPT.map((v): [string, Record<string, unknown>] => [`script in product_ref: ${v}`, { product_ref: v }]),
    ...UNICODE.map((v): [string, Record<string, unknown>] => [`odd unicode in first_name: ${JSON.stringify(v)}`, { first_name: v }]),
    ...UNICODE.map((v): [string, Record<string, unknown>] => [`odd unicode in license_key: ${JSON.stringify(v)}`, { license_key: `KEY${v}KEY12345` }]),
  ];

  describe('create', () => {
    it.each(createCases)('answers 400 with error_code 10 for %s (JSON body)', async (_label, patch) => {
      const res = await api.createPost({ ...licenseFields(), ...patch });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', error_code: ownCode(patch, 10) });
      expect(Object.keys(res.body.errors).length).toBeGreaterThan(0);
    });

    it.each(createCases.filter(([, p]) => Object.values(p).every((v) => typeof v !== 'object' && typeof v !== 'boolean')))(
      'answers 400 with error_code 10 for %s (query string)',
      async (_label, patch) => {
        const res = await api.createGet({ ...licenseFields(), ...(patch as Record<string, string>) });
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe(10);
      },
    );

    it('answers 400 for a repeated query parameter', async () => {
      const res = await t.request(`/api/license/create/${tenant.secretKeys.creation}/data?${new URLSearchParams(licenseFields() as Record<string, string>)}&email=b@example.com`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('email');
    });

    it('answers 400 for malformed JSON, a JSON array and a JSON string body; 415 for an unknown content type', async () => {
      const path = `/api/license/create/${tenant.secretKeys.creation}/data`;
      const malformed = await t.request(path, { method: 'POST', body: '{"first_name": "John",', headers: { 'content-type': 'application/json' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.result).toBe('error');
      expect((await t.request(path, { method: 'POST', json: [licenseFields()] })).status).toBe(400);
      expect((await t.request(path, { method: 'POST', json: 'license' })).status).toBe(400);
      expect((await t.request(path, { method: 'POST', body: '<xml/>', headers: { 'content-type': 'application/xml' } })).status).toBe(415);
    });

    it('answers 400 on the tenant create endpoint too', async () => {
      const res = await t.request('/api/user/licenses', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { ...licenseFields(), first_name: SCRIPT[0] } });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe(10);
    });
  });

  describe('edit', () => {
    it.each(createCases.filter(([label]) => !label.includes('license_key') && !label.startsWith('custom key')))(
      'answers 400 with error_code 220 for %s',
      async (_label, patch) => {
        const res = await api.edit({ license_key: key, ...patch });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ result: 'error', error_code: ownCode(patch, 220) });
      },
    );

    it.each([...SQL, ...SCRIPT, 'K'.repeat(500)])('answers a business error, not a 500, for license_key %j', async (k) => {
      const res = await api.edit({ license_key: k, first_name: 'X' });
      expect([200, 400]).toContain(res.status);
      expect(res.body).toMatchObject({ result: 'error', error_code: 220 });
    });
  });

  describe('register and unregister', () => {
    it.each(['domains', 'DOMAIN', 'server', "domain' OR 1=1", '<script>'])('answers 400 for the type %j', async (type) => {
      for (const res of [await api.register(type, 'example.org', key), await api.unregister(type, 'example.org', key)]) {
        expect(res.status).toBe(400);
        expect(res.body.errors).toHaveProperty('type');
      }
    });

    it.each([...SQL, ...SCRIPT, 'exa mple.com', 'a..b', `${'a'.repeat(64)}.com`, 'ex%00ample.com', 'exa\u200bmple.com', '[::1]:80'])(
      'answers 400 for the domain %j',
      async (name) => {
        const res = await api.register('domain', name, key);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ result: 'error', error_code: 400, errors: { name: [expect.any(String)] } });
      },
    );

    it.each([...SQL.filter((s) => /[;=`]/.test(s)), ...SCRIPT, 'dev\u0000ice', 'dev\u202eice', 'd'.repeat(256), '   '])('answers 400 for the device %j', async (name) => {
      const res = await api.register('device', name, key);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('name');
    });

    it.each([...SQL, ...SCRIPT, '🙂🙂🙂🙂🙂🙂🙂🙂'])('answers 101 for the license key %j', async (k) => {
      const res = await api.register('domain', 'example.org', k);
      expect(res.status).toBe(200);
      expect(res.body.error_code).toBe(101);
    });
  });

  describe('validate, delete, lookups, list', () => {
    it.each([...SQL, ...SCRIPT, ...UNICODE.filter((u) => u !== '\ud800'), 'K'.repeat(200)])('validates %j as an unknown key (101), never a 500', async (k) => {
      for (const res of [await api.validate(k), await api.validateGet(k), await api.verify(k)]) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 101 });
      }
    });

    it("answers a 4xx in the contract's shape for a path segment beyond the router's limit", async () => {
      const res = await api.validate('K'.repeat(600));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toMatchObject({ result: 'error', error_code: expect.any(Number) });
    });

    it("answers 400 for a malformed percent-encoding in the path", async () => {
      const res = await t.request(`/api/license/validate/${tenant.secretKeys.validation}/%E0%A4%A`, { method: 'POST' });
      expect(res.status).toBe(400);
      expect(res.body.result).toBe('error');
    });

    it.each(['everything', 'ALL', "all' --", '<script>', ''])('refuses the delete option %j with 400', async (option) => {
      const res = await api.delete(option || '%20', key);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveProperty('option');
    });

    it.each([...SQL, ...SCRIPT])('deletes nothing for the key %j (101)', async (k) => {
      expect((await api.delete('all', k)).body.error_code).toBe(101);
    });

    it.each([...SQL, ...SCRIPT])('finds nothing for the lookup value %j (204)', async (v) => {
      expect((await api.data(v, 'my-product')).body.error_code).toBe(204);
      expect((await api.data('purchase123', v)).body.error_code).toBe(204);
      expect((await api.dataByTxn(v, v)).body.error_code).toBe(204);
      expect((await api.dataByKey(v)).body.error_code).toBe(204);
    });

    it.each([
      'length=abc',
      'length=0',
      'length=501',
      'length=-1',
      'start=-5',
      'start=1e3',
      'draw=x',
      'status=deleted',
      'type=forever',
      `search=${'s'.repeat(200)}`,
      'search=%00',
    ])('answers 400 for the list query %s', async (q) => {
      const res = await api.list(q);
      expect(res.status).toBe(400);
      expect(res.body.result).toBe('error');
      expect((await api.export(q.startsWith('status') || q.startsWith('type') || q.startsWith('search') ? q : 'status=x')).status).toBe(400);
    });

    it.each([...SQL, ...SCRIPT])('searches for %j literally and safely', async (term) => {
      const res = await api.list(`search=${encodeURIComponent(term)}`);
      expect(res.status).toBe(200);
      expect(res.body.recordsFiltered).toBe(0);
    });

    it.each([
      `t=${encodeURIComponent(SQL[0])}&s=${encodeURIComponent(SQL[1])}&d=${encodeURIComponent(SCRIPT[0])}`,
      's[]=a&t[]=b&d[]=c',
      `t=my-product&s=%00&d=example.com`,
      `t=my-product&s=${'K'.repeat(5000)}&d=example.com`,
    ])('answers "0" to the routine check %#', async (q) => {
      const res = await t.request(`/validate?${q}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe('"0"');
    });
  });

  it('writes no log entry for input errors', async () => {
    const logs = t.app.get(LogsService);
    const activity = jest.spyOn(logs, 'activity');
    const validation = jest.spyOn(logs, 'validation');
    try {
      await api.createPost({ ...licenseFields(), first_name: SCRIPT[0] });
      await api.edit({ license_key: key, email: 'nope' });
      await api.register('domain', 'bad name', key);
      await api.register('server', 'example.com', key);
      await api.delete('everything', key);
      expect(activity).not.toHaveBeenCalled();
      expect(validation).not.toHaveBeenCalled();
    } finally {
      activity.mockRestore();
      validation.mockRestore();
    }
  });

  it('has changed nothing', async () => {
    expect(await state()).toEqual(before);
  });
});
