import { createTenant, startTestApp, TestApp, TestResponse, TestTenant } from './helpers/test-app';

/**
 * Black-box contract suite for the MERAF Panel API's license half and the tenant endpoints it names,
 * written from spec/meraf-panel-api.md and DECISIONS.md section A only (plus docs/compat.md where both
 * are silent). Everything goes through real HTTP; setup uses only createTenant and the public API.
 */

const ENV = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };
const enc = encodeURIComponent;

const FORBIDDEN = { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 };
const AUTH_REQUIRED = {
  result: 'error',
  message: 'Authentication required. Please provide User-API-Key header.',
  code: 'AUTHENTICATION_REQUIRED',
};
const MERAF_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const KEY_40 = /^[A-Z0-9]{40}$/;
const CSV_HEADER = 'ID,License Key,Status,Type,First Name,Last Name,Email,Product,Created Date,Expiry Date';

/** The documented validate fields, plus the extra ones DECISIONS A3 lists. */
const VALIDATE_FIELDS = [
  'result',
  'message',
  'license_key',
  'status',
  'license_type',
  'first_name',
  'last_name',
  'email',
  'company_name',
  'registered_domains',
  'registered_devices',
  'date_created',
  'date_activated',
  'date_expiry',
  'product_ref',
  'current_ver',
  'until',
  'error_code',
  'max_allowed_domains',
  'max_allowed_devices',
  'item_reference',
  'txn_id',
  'purchase_id_',
  'subscr_id',
];
const LIST_FIELDS = ['id', 'license_key', 'first_name', 'last_name', 'email', 'license_status', 'license_type', 'date_created', 'product_ref'];
const DATA_FIELDS = ['id', 'license_key', 'first_name', 'last_name', 'email', 'purchase_id_', 'product_ref', 'date_created'];
const LOG_FIELDS = ['id', 'license_key', 'action_type', 'details', 'ip_address', 'user_agent', 'time', 'is_valid'];
const REQUIRED_CREATE_FIELDS = [
  'license_status',
  'license_type',
  'first_name',
  'last_name',
  'email',
  'max_allowed_domains',
  'max_allowed_devices',
  'product_ref',
  'txn_id',
  'purchase_id_',
];

type Fields = Record<string, string | number | undefined>;

let seq = 0;
const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;

function fields(overrides: Fields = {}): Fields {
  return {
    license_status: 'active',
    license_type: 'lifetime',
    first_name: 'John',
    last_name: 'Doe',
    email: 'john@example.com',
    max_allowed_domains: 2,
    max_allowed_devices: 1,
    product_ref: 'my-product',
    txn_id: uniq('txn'),
    purchase_id_: uniq('purchase'),
    ...overrides,
  };
}

function qs(f: Fields): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

/** "YYYY-MM-DD HH:mm:ss" in UTC */
function meraf(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
function utcOf(merafTime: string): number {
  return Date.parse(merafTime.replace(' ', 'T') + 'Z');
}
const DAY = 86_400_000;

function expectStatus(res: TestResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
}

/** A business outcome: HTTP 200, JSON, `result` and a numeric `error_code`. */
function expectOutcome(res: TestResponse, result: 'success' | 'error', code: number, field = 'error_code'): void {
  if (res.status !== 200 || res.body?.result !== result || res.body?.[field] !== code) {
    throw new Error(`expected 200 ${result} ${field}=${code}, got ${res.status}: ${res.text}`);
  }
  expect(res.headers.get('content-type') ?? '').toContain('application/json');
  expect(typeof res.body.message === 'string' || typeof res.body.message === 'object').toBe(true);
}

/** RFC 4180 parser (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('MERAF Panel API contract (black-box)', () => {
  let t: TestApp;
  let A: TestTenant;
  let B: TestTenant;

  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    A = await createTenant(t);
    B = await createTenant(t);
  });
  afterAll(async () => t.close());

  const api = (tenant: TestTenant) => {
    const s = tenant.secretKeys;
    return {
      createGet: (f: Fields, headers?: Record<string, string>) => t.request(`/api/license/create/${s.creation}/data?${qs(f)}`, { headers }),
      createPost: (json: unknown) => t.request(`/api/license/create/${s.creation}/data`, { method: 'POST', json }),
      validate: (key: string, headers?: Record<string, string>) =>
        t.request(`/api/license/validate/${s.validation}/${enc(key)}`, { method: 'POST', headers }),
      validateGet: (key: string) => t.request(`/api/license/validate/${s.validation}/${enc(key)}`),
      verify: (key: string) => t.request(`/api/license/verify/${s.validation}/${enc(key)}`, { method: 'POST' }),
      register: (type: string, name: string, key: string) => t.request(`/api/license/register/${enc(type)}/${enc(name)}/${s.activation}/${enc(key)}`),
      unregister: (type: string, name: string, key: string) =>
        t.request(`/api/license/unregister/${enc(type)}/${enc(name)}/${s.activation}/${enc(key)}`),
      list: (q = '') => t.request(`/api/license/all/${s.management}${q ? `?${q}` : ''}`),
      export: (q = '') => t.request(`/api/license/export/${s.management}${q ? `?${q}` : ''}`),
      edit: (json: unknown) => t.request(`/api/license/edit/${s.management}`, { method: 'POST', json }),
      delete: (option: string, key: string, method = 'GET') => t.request(`/api/license/delete/${enc(option)}/${s.management}/${enc(key)}`, { method }),
      data: (purchase: string, product: string) => t.request(`/api/license/data/${s.general}/${enc(purchase)}/${enc(product)}`),
      dataByTxn: (txn: string, product: string) => t.request(`/api/license/data-by-txn/${s.general}/${enc(txn)}/${enc(product)}`),
      dataByKey: (key: string) => t.request(`/api/license/data-by-key/${s.general}/${enc(key)}`),
      config: () => t.request(`/api/license/config/${s.general}`),
      logs: (key: string, secret = s.management) => t.request(`/api/license/logs/${enc(key)}/${secret}`),
    };
  };
  const user = (tenant: TestTenant) => ({ 'User-API-Key': tenant.apiKey });

  async function createKey(tenant: TestTenant, overrides: Fields = {}): Promise<string> {
    const res = await api(tenant).createGet(fields(overrides));
    expectOutcome(res, 'success', 400, 'code');
    return res.body.key as string;
  }
  async function details(tenant: TestTenant, key: string): Promise<any> {
    const res = await api(tenant).validate(key);
    expect(res.status).toBe(200);
    return res.body;
  }
  async function saveSettings(tenant: TestTenant, settings: Record<string, unknown>): Promise<void> {
    const res = await t.request('/api/user/settings', { method: 'POST', headers: user(tenant), json: settings });
    expectStatus(res, 200);
  }

  // ---------------------------------------------------------------- A2: statuses and auth
  describe('HTTP statuses and authentication (A1, A2)', () => {
    it('answers every secret-key route with a wrong secret as HTTP 403 and the generic body', async () => {
      const bad = 'WrongSecret_0123456789';
      const routes: Array<[string, string]> = [
        ['POST', `/api/license/validate/${bad}/SOMEKEY`],
        ['GET', `/api/license/validate/${bad}/SOMEKEY`],
        ['POST', `/api/license/verify/${bad}/SOMEKEY`],
        ['GET', `/api/license/create/${bad}/data?${qs(fields())}`],
        ['POST', `/api/license/create/${bad}/data`],
        ['GET', `/api/license/all/${bad}`],
        ['GET', `/api/license/export/${bad}`],
        ['POST', `/api/license/edit/${bad}`],
        ['GET', `/api/license/delete/all/${bad}/SOMEKEY`],
        ['POST', `/api/license/delete/all/${bad}/SOMEKEY`],
        ['GET', `/api/license/register/domain/example.com/${bad}/SOMEKEY`],
        ['GET', `/api/license/unregister/domain/example.com/${bad}/SOMEKEY`],
        ['GET', `/api/license/data/${bad}/p1/my-product`],
        ['GET', `/api/license/data-by-txn/${bad}/t1/my-product`],
        ['GET', `/api/license/data-by-key/${bad}/SOMEKEY`],
        ['GET', `/api/license/config/${bad}`],
        ['GET', `/api/license/logs/all/${bad}`],
      ];
      for (const [method, path] of routes) {
        const res = await t.request(path, method === 'POST' ? { method, json: { license_key: 'X' } } : { method });
        if (res.status !== 403) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
        expect(res.body).toEqual(FORBIDDEN);
      }
    });

    it('rejects a secret of the wrong scope with the same 403 body', async () => {
      const s = A.secretKeys;
      const key = await createKey(A);
      const cases: Array<[string, string]> = [
        ['GET', `/api/license/create/${s.validation}/data?${qs(fields())}`],
        ['POST', `/api/license/validate/${s.creation}/${key}`],
        ['POST', `/api/license/validate/${s.management}/${key}`],
        ['GET', `/api/license/register/domain/example.com/${s.validation}/${key}`],
        ['GET', `/api/license/unregister/domain/example.com/${s.management}/${key}`],
        ['GET', `/api/license/all/${s.general}`],
        ['GET', `/api/license/export/${s.validation}`],
        ['GET', `/api/license/delete/all/${s.activation}/${key}`],
        ['GET', `/api/license/data/${s.validation}/p/my-product`],
        ['GET', `/api/license/logs/all/${s.validation}`],
      ];
      for (const [method, path] of cases) {
        const res = await t.request(path, { method });
        if (res.status !== 403) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
        expect(res.body).toEqual(FORBIDDEN);
      }
      expect((await details(A, key)).error_code).toBe(100);
    });

    it('accepts the same tenant User-API-Key header on a secret route and rejects another tenant one with 403', async () => {
      const key = await createKey(A);
      const own = await api(A).validate(key, user(A));
      expectOutcome(own, 'success', 100);
      const other = await api(A).validate(key, user(B));
      expectStatus(other, 403);
      expect(other.body).toEqual(FORBIDDEN);
      const bogus = await api(A).validate(key, { 'User-API-Key': 'ZZZZZZ' });
      expectStatus(bogus, 403);
      expect(bogus.body).toEqual(FORBIDDEN);
      const create = await api(A).createGet(fields(), user(B));
      expectStatus(create, 403);
      expect(create.body).toEqual(FORBIDDEN);
    });

    it('answers the User-API-Key endpoints without or with a wrong key as HTTP 401 AUTHENTICATION_REQUIRED', async () => {
      for (const [method, path] of [
        ['GET', '/api/dashboard-data'],
        ['POST', '/api/user/licenses'],
        ['GET', '/api/user/settings'],
        ['POST', '/api/user/settings'],
      ]) {
        const variants: Array<Record<string, string>> = [{}, { 'User-API-Key': 'ZZZZZZ' }, { 'User-API-Key': A.secretKeys.general }];
        for (const headers of variants) {
          const res = await t.request(path, { method, headers, ...(method === 'POST' ? { json: {} } : {}) });
          if (res.status !== 401) throw new Error(`${method} ${path} ${JSON.stringify(headers)}: ${res.status} ${res.text}`);
          expect(res.body).toEqual(AUTH_REQUIRED);
        }
      }
    });

    it('answers an unknown route with HTTP 404 in the contract error shape', async () => {
      for (const path of ['/api/license/nope', '/api/nothing/here', '/definitely-not-a-route']) {
        const res = await t.request(path);
        expectStatus(res, 404);
        expect(res.body.result).toBe('error');
        expect(res.body.error_code).toBe(404);
        expect(typeof res.body.message).toBe('string');
      }
    });

    it('answers business errors with HTTP 200 (an unknown license on validate)', async () => {
      const res = await api(A).validate('NOSUCHKEY0000000000000000000000000000000');
      expectOutcome(res, 'error', 101);
    });
  });

  // ---------------------------------------------------------------- create
  describe('create (GET query string and POST JSON)', () => {
    it('creates from the documented GET query string: HTTP 200 {result:"success", message, key, code:400}', async () => {
      const res = await api(A).createGet(fields());
      expectOutcome(res, 'success', 400, 'code');
      expect(typeof res.body.code).toBe('number');
      expect(res.body.key).toMatch(KEY_40);
      expect(res.body).not.toHaveProperty('error_code');
    });

    it('creates from a POST JSON body with the same fields and stores each field', async () => {
      const f = fields({
        license_type: 'lifetime',
        company_name: 'Company Inc',
        subscr_id: 'sub-77',
        until: '2.0.0',
        current_ver: '1.0.0',
        item_reference: 'my-item',
        max_allowed_domains: 4,
        max_allowed_devices: 3,
      });
      const res = await api(A).createPost(f);
      expectOutcome(res, 'success', 400, 'code');
      const d = await details(A, res.body.key);
      expect(d.error_code).toBe(100);
      for (const k of ['first_name', 'last_name', 'email', 'company_name', 'product_ref', 'txn_id', 'purchase_id_', 'subscr_id', 'until', 'current_ver', 'item_reference']) {
        expect([k, d[k]]).toEqual([k, f[k]]);
      }
      expect(d.max_allowed_domains).toBe(4);
      expect(d.max_allowed_devices).toBe(3);
      expect(d.status).toBe('active');
      expect(d.license_type).toBe('lifetime');
    });

    it('creates from the query string on a POST without a body (the GET example sent with another method)', async () => {
      const f = fields({ first_name: 'Posted' });
      const res = await t.request(`/api/license/create/${A.secretKeys.creation}/data?${qs(f)}`, { method: 'POST' });
      expectOutcome(res, 'success', 400, 'code');
      expect((await details(A, res.body.key)).first_name).toBe('Posted');
    });

    it('accepts numeric fields sent as strings in the JSON body', async () => {
      const res = await api(A).createPost(fields({ max_allowed_domains: '5', max_allowed_devices: '0' }));
      expectOutcome(res, 'success', 400, 'code');
      const d = await details(A, res.body.key);
      expect(d.max_allowed_domains).toBe(5);
      expect(d.max_allowed_devices).toBe(0);
    });

    it('defaults item_reference to product_ref', async () => {
      const key = await createKey(A, { product_ref: 'prod-x' });
      const d = await details(A, key);
      expect(d.item_reference).toBe('prod-x');
    });

    it.each(REQUIRED_CREATE_FIELDS)('answers a missing required %s with error_code 10 and a field error (GET)', async (name) => {
      const f = fields();
      delete f[name];
      const res = await api(A).createGet(f);
      expectStatus(res, 400);
      expect(res.body.result).toBe('error');
      expect(res.body.error_code).toBe(10);
      expect(typeof res.body.message).toBe('object');
      expect(Object.keys(res.body.message)).toContain(name);
      expect(typeof res.body.message[name]).toBe('string');
    });

    it('answers a POST body missing several fields with one error listing each of them', async () => {
      const res = await api(A).createPost({ license_type: 'lifetime', license_status: 'active' });
      expectStatus(res, 400);
      expect(res.body.result).toBe('error');
      expect(res.body.error_code).toBe(10);
      expect(Object.keys(res.body.message)).toEqual(
        expect.arrayContaining(['first_name', 'last_name', 'email', 'max_allowed_domains', 'max_allowed_devices', 'product_ref', 'txn_id', 'purchase_id_']),
      );
    });

    it.each([
      ['email', 'not-an-email'],
      ['license_status', 'deleted'],
      ['license_type', 'forever'],
      ['max_allowed_domains', 'abc'],
      ['max_allowed_domains', -1],
      ['max_allowed_devices', '1.5'],
      ['date_expiry', 'tomorrow'],
    ])('answers an invalid %s (%s) with error_code 10 naming the field', async (name, value) => {
      const res = await api(A).createGet(fields({ [name]: value }));
      expectStatus(res, 400);
      expect(res.body.error_code).toBe(10);
      expect(Object.keys(res.body.message)).toContain(name);
    });

    it.each(['billing_length', 'billing_interval', 'date_expiry'])('requires %s for a subscription (error 10)', async (name) => {
      const f = fields({
        license_type: 'subscription',
        billing_length: 1,
        billing_interval: 'months',
        date_expiry: meraf(new Date(Date.now() + 30 * DAY)),
      });
      delete f[name];
      const res = await api(A).createGet(f);
      expectStatus(res, 400);
      expect(res.body.error_code).toBe(10);
      expect(Object.keys(res.body.message)).toContain(name);
    });

    it('rejects a billing_interval outside days|weeks|months|years and accepts each of those', async () => {
      const base = { license_type: 'subscription', billing_length: 2, date_expiry: meraf(new Date(Date.now() + 30 * DAY)) };
      const bad = await api(A).createGet(fields({ ...base, billing_interval: 'hours' }));
      expectStatus(bad, 400);
      expect(bad.body.error_code).toBe(10);
      expect(Object.keys(bad.body.message)).toContain('billing_interval');
      for (const interval of ['days', 'weeks', 'months', 'years']) {
        const ok = await api(A).createGet(fields({ ...base, billing_interval: interval }));
        expectOutcome(ok, 'success', 400, 'code');
        const d = await details(A, ok.body.key);
        expect(d.license_type).toBe('subscription');
        expect(d.error_code).toBe(100);
      }
    });

    it('gives a trial without date_expiry the tenant default trial length (7 days, then the setting)', async () => {
      const before = Date.now();
      const key = await createKey(A, { license_type: 'trial' });
      const d = await details(A, key);
      expect(d.date_expiry).toMatch(MERAF_TIME);
      expect(Math.abs(utcOf(d.date_expiry) - (before + 7 * DAY))).toBeLessThan(120_000);

      const C = await createTenant(t);
      await saveSettings(C, { defaultTrialDays: 3 });
      const key3 = await createKey(C, { license_type: 'trial' });
      const d3 = await details(C, key3);
      expect(Math.abs(utcOf(d3.date_expiry) - (Date.now() + 3 * DAY))).toBeLessThan(120_000);
    });

    it('keeps a trial date_expiry that is given', async () => {
      const key = await createKey(A, { license_type: 'trial', date_expiry: '2031-05-06 07:08:09' });
      expect((await details(A, key)).date_expiry).toBe('2031-05-06 07:08:09');
    });

    it('reads dates as UTC, in "YYYY-MM-DD HH:mm:ss" or ISO 8601 (Z or offset), and returns "YYYY-MM-DD HH:mm:ss"', async () => {
      for (const input of ['2030-01-02 03:04:05', '2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z', '2030-01-02T05:04:05+02:00']) {
        const key = await createKey(A, { license_type: 'trial', date_expiry: input });
        const d = await details(A, key);
        expect([input, d.date_expiry]).toEqual([input, '2030-01-02 03:04:05']);
      }
    });

    it('uses a custom license_key as given', async () => {
      const custom = uniq('CUSTOMKEY').toUpperCase();
      const res = await api(A).createGet(fields({ license_key: custom }));
      expectOutcome(res, 'success', 400, 'code');
      expect(res.body.key).toBe(custom);
      expect((await details(A, custom)).license_key).toBe(custom);
    });

    it('answers a custom key that is already taken with HTTP 200, result error, error_code 200 (LICENSE_EXIST), also across tenants', async () => {
      const custom = uniq('TAKENKEY').toUpperCase();
      expectOutcome(await api(A).createGet(fields({ license_key: custom })), 'success', 400, 'code');
      const again = await api(A).createGet(fields({ license_key: custom }));
      expectOutcome(again, 'error', 200);
      const other = await api(B).createPost(fields({ license_key: custom }));
      expectOutcome(other, 'error', 200);
      // B learns nothing about A's license
      expect(JSON.stringify(other.body)).not.toContain('john@example.com');
      expectOutcome(await api(B).validate(custom), 'error', 101);
    });

    it('sets date_activated when a license is created active, leaves it null while pending, and sets it on activation', async () => {
      const active = await details(A, await createKey(A, { license_status: 'active' }));
      expect(active.date_activated).toMatch(MERAF_TIME);
      const key = await createKey(A, { license_status: 'pending' });
      const pending = await details(A, key);
      expect(pending.date_activated).toBeNull();
      expectOutcome(await api(A).edit({ license_key: key, license_status: 'active' }), 'success', 240, 'code');
      const activated = await details(A, key);
      expect(activated.date_activated).toMatch(MERAF_TIME);
      expect(Math.abs(utcOf(activated.date_activated) - Date.now())).toBeLessThan(120_000);
    });

    it('generates keys with the tenant key settings when license_key is omitted', async () => {
      const C = await createTenant(t);
      await saveSettings(C, { licensePrefix: 'ACME-', licenseSuffix: '-Z', licenseKeyCharsCount: 30 });
      const key = await createKey(C);
      expect(key).toHaveLength(30);
      expect(key.startsWith('ACME-')).toBe(true);
      expect(key.endsWith('-Z')).toBe(true);
    });
  });

  // ---------------------------------------------------------------- validate
  describe('validate (POST, GET, verify alias)', () => {
    let key: string;
    beforeAll(async () => {
      key = await createKey(A, {
        company_name: 'Company Inc',
        max_allowed_domains: 3,
        max_allowed_devices: 2,
        subscr_id: 'sub-1',
        until: '2.0.0',
        current_ver: '1.0.0',
      });
      expectOutcome(await api(A).register('domain', 'example.com', key), 'success', 300);
      expectOutcome(await api(A).register('device', 'device123', key), 'success', 300);
    });

    it('answers a usable license with error_code 100 and every documented and extra field', async () => {
      const res = await api(A).validate(key);
      expectOutcome(res, 'success', 100);
      for (const f of VALIDATE_FIELDS) expect([f, Object.prototype.hasOwnProperty.call(res.body, f)]).toEqual([f, true]);
      const b = res.body;
      expect(b.license_key).toBe(key);
      expect(b.status).toBe('active');
      expect(b.license_type).toBe('lifetime');
      expect(b.company_name).toBe('Company Inc');
      expect(b.current_ver).toBe('1.0.0');
      expect(b.until).toBe('2.0.0');
      expect(b.subscr_id).toBe('sub-1');
      expect(b.max_allowed_domains).toBe(3);
      expect(b.max_allowed_devices).toBe(2);
      expect(b.date_created).toMatch(MERAF_TIME);
      expect(Math.abs(utcOf(b.date_created) - Date.now())).toBeLessThan(120_000);
      expect(b.date_activated).toMatch(MERAF_TIME);
    });

    it('lists registered_domains and registered_devices entries in the documented shape', async () => {
      const b = await details(A, key);
      expect(b.registered_domains).toHaveLength(1);
      expect(Object.keys(b.registered_domains[0]).sort()).toEqual(['date', 'domain_name', 'registered_domain']);
      expect(b.registered_domains[0].domain_name).toBe('example.com');
      expect(b.registered_domains[0].registered_domain).toBe('example.com');
      expect(b.registered_domains[0].date).toMatch(MERAF_TIME);
      expect(b.registered_devices).toHaveLength(1);
      expect(Object.keys(b.registered_devices[0]).sort()).toEqual(['date', 'device_name', 'registered_device']);
      expect(b.registered_devices[0].device_name).toBe('device123');
      expect(b.registered_devices[0].registered_device).toBe('device123');
      expect(b.registered_devices[0].date).toMatch(MERAF_TIME);
    });

    it('answers GET and the POST verify alias exactly like POST validate', async () => {
      const post = await api(A).validate(key);
      const get = await api(A).validateGet(key);
      const verify = await api(A).verify(key);
      expectOutcome(get, 'success', 100);
      expectOutcome(verify, 'success', 100);
      expect(get.body).toEqual(post.body);
      expect(verify.body).toEqual(post.body);
    });

    it('answers an unknown key with 101 and no license details', async () => {
      const res = await api(A).validate('UNKNOWNKEY1234567890123456789012345678901');
      expectOutcome(res, 'error', 101);
      expect(res.body).not.toHaveProperty('email');
      expect(res.body).not.toHaveProperty('registered_domains');
    });

    it("answers another tenant's license with 101 and no details", async () => {
      const bKey = await createKey(B, { email: 'secret-customer@b.test' });
      const res = await api(A).validate(bKey);
      expectOutcome(res, 'error', 101);
      expect(res.text).not.toContain('secret-customer@b.test');
    });

    it.each(['pending', 'blocked', 'expired'])('answers a %s license with 101 and its details', async (status) => {
      const k = await createKey(A, { license_status: status, email: `${status}@example.com` });
      const res = await api(A).validate(k);
      expectOutcome(res, 'error', 101);
      expect(res.body.status).toBe(status);
      expect(res.body.license_key).toBe(k);
      expect(res.body.email).toBe(`${status}@example.com`);
    });

    it.each(['trial', 'subscription'])('answers an active %s whose date_expiry has passed with 101 and its details', async (type) => {
      // a create refuses a past date_expiry (unless expired): the license lapses by an edit
      const k = await createKey(A, {
        license_type: type,
        billing_length: 1,
        billing_interval: 'months',
        date_expiry: meraf(new Date(Date.now() + DAY)),
      });
      expectOutcome(await api(A).edit({ license_key: k, date_expiry: meraf(new Date(Date.now() - 60_000)) }), 'success', 240, 'code');
      const res = await api(A).validate(k);
      expectOutcome(res, 'error', 101);
      expect(res.body.license_key).toBe(k);
      expect(res.body.license_type).toBe(type);
    });

    it('answers an active trial expiring in the future with 100', async () => {
      const k = await createKey(A, { license_type: 'trial', date_expiry: meraf(new Date(Date.now() + 3_600_000)) });
      expectOutcome(await api(A).validate(k), 'success', 100);
    });

    it('ignores date_expiry for a lifetime license', async () => {
      const k = await createKey(A, { license_type: 'lifetime', date_expiry: '2001-01-01 00:00:00' });
      expectOutcome(await api(A).validate(k), 'success', 100);
    });
  });

  // ---------------------------------------------------------------- list
  describe('list (DataTables)', () => {
    let L: TestTenant;
    const keys: string[] = [];
    beforeAll(async () => {
      L = await createTenant(t);
      const rows: Fields[] = [
        { first_name: 'Alice', email: 'alice@one.test', license_status: 'active', license_type: 'lifetime', company_name: 'Zebra Corp' },
        { first_name: 'Bob', email: 'bob@two.test', license_status: 'blocked', license_type: 'lifetime', txn_id: 'TXN-SPECIAL-9' },
        {
          first_name: 'Carol',
          email: 'carol@three.test',
          license_status: 'active',
          license_type: 'trial',
          date_expiry: meraf(new Date(Date.now() + 10 * DAY)),
          subscr_id: 'SubMarine',
        },
        { first_name: 'Dave', email: 'dave@four.test', license_status: 'pending', license_type: 'lifetime', item_reference: 'Item-Kappa' },
        { first_name: 'Eve', last_name: 'McLast', email: 'eve@five.test', license_status: 'blocked', license_type: 'lifetime', purchase_id_: 'PUR-omega' },
      ];
      for (const r of rows) keys.push(await createKey(L, r));
      await createKey(A, { first_name: 'Alice' }); // another tenant's license is never counted
    });

    it('answers the DataTables shape with numbers: draw echoed, recordsTotal, recordsFiltered, data', async () => {
      const res = await api(L).list('draw=3');
      expectStatus(res, 200);
      expect(res.body.draw).toBe(3);
      expect(res.body.recordsTotal).toBe(5);
      expect(res.body.recordsFiltered).toBe(5);
      expect(res.body.data).toHaveLength(5);
      const row = res.body.data.find((r: any) => r.license_key === keys[0]);
      expect(Object.keys(row)).toEqual(expect.arrayContaining(LIST_FIELDS));
      expect(typeof row.id).toBe('number');
      expect(row.first_name).toBe('Alice');
      expect(row.license_status).toBe('active');
      expect(row.license_type).toBe('lifetime');
      expect(row.date_created).toMatch(MERAF_TIME);
      expect(row.product_ref).toBe('my-product');
    });

    it('lists newest first', async () => {
      const res = await api(L).list();
      expect(res.body.data.map((r: any) => r.license_key)).toEqual([...keys].reverse());
    });

    it('filters by status and type: recordsFiltered is the filtered count, recordsTotal the tenant total', async () => {
      const blocked = await api(L).list('status=blocked');
      expect(blocked.body.recordsTotal).toBe(5);
      expect(blocked.body.recordsFiltered).toBe(2);
      expect(blocked.body.data.map((r: any) => r.license_key).sort()).toEqual([keys[1], keys[4]].sort());
      const trial = await api(L).list('type=trial');
      expect(trial.body.recordsFiltered).toBe(1);
      expect(trial.body.data[0].license_key).toBe(keys[2]);
      const both = await api(L).list('status=blocked&type=trial');
      expect(both.body.recordsFiltered).toBe(0);
      expect(both.body.data).toEqual([]);
    });

    it('searches case-insensitively across key, names, email, company, product_ref, item_reference, txn_id, purchase_id_, subscr_id', async () => {
      const cases: Array<[string, string[]]> = [
        ['ALICE@ONE', [keys[0]]],
        ['zebra', [keys[0]]],
        ['txn-special', [keys[1]]],
        ['submarine', [keys[2]]],
        ['item-kappa', [keys[3]]],
        ['mclast', [keys[4]]],
        ['pur-OMEGA', [keys[4]]],
        ['carol', [keys[2]]],
        [keys[3].slice(5, 20).toLowerCase(), [keys[3]]],
        ['MY-PRODUCT', keys],
      ];
      for (const [term, expected] of cases) {
        const res = await api(L).list(`search=${enc(term)}`);
        expect([term, res.body.recordsTotal, res.body.recordsFiltered]).toEqual([term, 5, expected.length]);
        expect(res.body.data.map((r: any) => r.license_key).sort()).toEqual([...expected].sort());
      }
    });

    it('accepts the DataTables search[value] parameter too', async () => {
      const res = await api(L).list(`search[value]=zebra`);
      expect(res.body.recordsFiltered).toBe(1);
    });

    it('pages with start and length (default length 10)', async () => {
      const page = await api(L).list('start=1&length=2');
      expect(page.body.recordsFiltered).toBe(5);
      expect(page.body.data.map((r: any) => r.license_key)).toEqual([keys[3], keys[2]]);
      const past = await api(L).list('start=50&length=10');
      expect(past.body.data).toEqual([]);
      expect(past.body.recordsTotal).toBe(5);
      const max = await api(L).list('length=500');
      expectStatus(max, 200);
      expect(max.body.data).toHaveLength(5);
    });

    it('treats empty filter parameters as absent and ignores the other DataTables parameters', async () => {
      const res = await api(L).list(
        'draw=4&start=0&length=10&status=&type=&search=&columns[0][data]=id&order[0][column]=0&order[0][dir]=desc&search[regex]=false&_=1700000000',
      );
      expectStatus(res, 200);
      expect([res.body.draw, res.body.recordsTotal, res.body.recordsFiltered, res.body.data.length]).toEqual([4, 5, 5, 5]);
    });

    it('returns 10 rows by default', async () => {
      const M = await createTenant(t);
      for (let i = 0; i < 11; i++) await createKey(M);
      const res = await api(M).list();
      expect([res.body.recordsTotal, res.body.data.length]).toEqual([11, 10]);
    });

    it.each(['length=0', 'length=501', 'start=-1', 'length=abc', 'start=x'])('answers an out-of-range %s with HTTP 400', async (q) => {
      const res = await api(L).list(q);
      expectStatus(res, 400);
      expect(res.body.result).toBe('error');
    });
  });

  // ---------------------------------------------------------------- export
  describe('export CSV', () => {
    let X: TestTenant;
    let tricky: string;
    let plain: string;
    beforeAll(async () => {
      X = await createTenant(t);
      plain = await createKey(X, { first_name: 'Plain', last_name: 'Person', license_status: 'blocked' });
      // the field rules leave the e-mail's quoted local part as the one way to get a comma and quotes into a column
      tricky = await createKey(X, {
        first_name: "Anne-Marie O'Neil",
        last_name: 'de la Cruz',
        email: '"smith,jr"@example.com',
        license_type: 'trial',
        date_expiry: '2032-03-04 05:06:07',
      });
    });

    it('streams a CSV attachment with the exact header line', async () => {
      const res = await api(X).export();
      expectStatus(res, 200);
      expect(res.headers.get('content-type') ?? '').toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition') ?? '').toMatch(/^attachment;\s*filename=.*\.csv"?$/);
      expect(res.text.split(/\r?\n/)[0]).toBe(CSV_HEADER);
    });

    it('quotes per RFC 4180 so every value round-trips, one row per license', async () => {
      const rows = parseCsv((await api(X).export()).text);
      expect(rows[0]).toEqual(CSV_HEADER.split(','));
      const body = rows.slice(1).filter((r) => r.length > 1);
      expect(body).toHaveLength(2);
      const row = body.find((r) => r[1] === tricky)!;
      expect(row[2]).toBe('active');
      expect(row[3]).toBe('trial');
      expect(row[4]).toBe("Anne-Marie O'Neil");
      expect(row[5]).toBe('de la Cruz');
      expect(row[6]).toBe('"smith,jr"@example.com');
      expect(row[7]).toBe('my-product');
      expect(row[8]).toMatch(MERAF_TIME);
      expect(row[9]).toBe('2032-03-04 05:06:07');
      expect(Number(row[0])).toBeGreaterThan(0);
      const text = (await api(X).export()).text;
      expect(text).toContain(`,"""smith,jr""@example.com",`);
      expect(text).toContain(`${plain},blocked,lifetime,Plain,Person,john@example.com,my-product,`);
    });

    it('applies the status, type and search filters and never includes another tenant', async () => {
      const blocked = parseCsv((await api(X).export('status=blocked')).text).slice(1).filter((r) => r.length > 1);
      expect(blocked.map((r) => r[1])).toEqual([plain]);
      const trial = parseCsv((await api(X).export('type=trial')).text).slice(1).filter((r) => r.length > 1);
      expect(trial.map((r) => r[1])).toEqual([tricky]);
      const search = parseCsv((await api(X).export('search=plain')).text).slice(1).filter((r) => r.length > 1);
      expect(search.map((r) => r[1])).toEqual([plain]);
      const none = parseCsv((await api(X).export('search=nobody-matches-this')).text);
      expect(none).toEqual([CSV_HEADER.split(',')]);
    });
  });

  // ---------------------------------------------------------------- edit
  describe('edit', () => {
    it('changes only the given fields and answers code 240', async () => {
      const key = await createKey(A, { first_name: 'Keep', last_name: 'Same', email: 'old@example.com', company_name: 'Old Co' });
      const res = await api(A).edit({ license_key: key, email: 'updated@example.com', max_allowed_domains: 7 });
      expectOutcome(res, 'success', 240, 'code');
      expect(typeof res.body.code).toBe('number');
      const d = await details(A, key);
      expect(d.email).toBe('updated@example.com');
      expect(d.max_allowed_domains).toBe(7);
      expect(d.first_name).toBe('Keep');
      expect(d.last_name).toBe('Same');
      expect(d.company_name).toBe('Old Co');
      expect(d.max_allowed_devices).toBe(1);
    });

    it('edits every documented field at once', async () => {
      const key = await createKey(A);
      const res = await api(A).edit({
        license_key: key,
        first_name: 'Updated Name',
        last_name: 'Updated Last',
        email: 'updated@example.com',
        license_status: 'blocked',
        max_allowed_domains: 2,
        max_allowed_devices: 2,
      });
      expectOutcome(res, 'success', 240, 'code');
      const d = await details(A, key);
      expect([d.first_name, d.last_name, d.email, d.status, d.max_allowed_domains, d.max_allowed_devices]).toEqual([
        'Updated Name',
        'Updated Last',
        'updated@example.com',
        'blocked',
        2,
        2,
      ]);
    });

    it('answers an unknown license with HTTP 200 and error_code 220', async () => {
      const res = await api(A).edit({ license_key: 'NOPE000000000000000000000000000000000000', first_name: 'X' });
      expectOutcome(res, 'error', 220);
    });

    it("answers another tenant's license with 220 and leaves it unchanged", async () => {
      const bKey = await createKey(B, { first_name: 'Bee' });
      expectOutcome(await api(A).edit({ license_key: bKey, first_name: 'Hacked' }), 'error', 220);
      expect((await details(B, bKey)).first_name).toBe('Bee');
    });

    it('answers invalid input with HTTP 400 naming the field', async () => {
      const key = await createKey(A);
      for (const [body, field] of [
        [{ first_name: 'NoKey' }, 'license_key'],
        [{ license_key: key, email: 'nope' }, 'email'],
        [{ license_key: key, license_status: 'gone' }, 'license_status'],
        [{ license_key: key, max_allowed_domains: -3 }, 'max_allowed_domains'],
      ] as Array<[Record<string, unknown>, string]>) {
        const res = await api(A).edit(body);
        expectStatus(res, 400);
        expect(res.body.result).toBe('error');
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect((await details(A, key)).email).toBe('john@example.com');
    });
  });

  // ---------------------------------------------------------------- delete
  describe('delete', () => {
    async function licenseWithHistory(): Promise<string> {
      const key = await createKey(A, { max_allowed_domains: 3, max_allowed_devices: 3 });
      expectOutcome(await api(A).register('domain', 'one.example', key), 'success', 300);
      expectOutcome(await api(A).register('domain', 'two.example', key), 'success', 300);
      expectOutcome(await api(A).register('device', 'dev-1', key), 'success', 300);
      await api(A).validate(key);
      return key;
    }
    const logCount = async (key: string) => {
      const res = await api(A).logs(key);
      return res.body.result === 'success' ? res.body.data.length : 0;
    };

    it.each([
      ['license_only', 'GET', { license: 1, domains: 0, devices: 0 }],
      ['license_and_domains', 'POST', { license: 1, domains: 2, devices: 0 }],
      ['license_and_devices', 'GET', { license: 1, domains: 0, devices: 1 }],
      ['all', 'POST', { license: 1, domains: 2, devices: 1 }],
    ])('deletes with option %s (%s) and answers error_code 320 with the numeric counts of rows removed', async (option, method, counts) => {
      const key = await licenseWithHistory();
      const logsBefore = await logCount(key);
      const res = await api(A).delete(option, key, method);
      expectOutcome(res, 'success', 320);
      expect(res.body.deleted).toEqual({ ...counts, logs: option === 'all' ? expect.any(Number) : 0 });
      if (option === 'all') expect(res.body.deleted.logs).toBeGreaterThanOrEqual(logsBefore);
      expectOutcome(await api(A).validate(key), 'error', 101);
      const again = await api(A).delete(option, key, method);
      expectOutcome(again, 'error', 101);
    });

    it('license_only keeps the logs as history; all removes them; re-creating the key starts without domains', async () => {
      const keep = await licenseWithHistory();
      const logsBefore = await logCount(keep);
      expect(logsBefore).toBeGreaterThan(0);
      expectOutcome(await api(A).delete('license_only', keep), 'success', 320);
      expect(await logCount(keep)).toBeGreaterThanOrEqual(logsBefore);
      expectOutcome(await api(A).createGet(fields({ license_key: keep })), 'success', 400, 'code');
      const d = await details(A, keep);
      expect(d.registered_domains).toEqual([]);
      expect(d.registered_devices).toEqual([]);

      const gone = await licenseWithHistory();
      expectOutcome(await api(A).delete('all', gone), 'success', 320);
      const logs = await api(A).logs(gone);
      expectOutcome(logs, 'error', 204);
    });

    it('answers an unknown option with HTTP 400 and deletes nothing', async () => {
      const key = await createKey(A);
      const res = await api(A).delete('everything', key);
      expectStatus(res, 400);
      expect(res.body.result).toBe('error');
      expectOutcome(await api(A).validate(key), 'success', 100);
    });

    it("answers another tenant's license with 101 and keeps it", async () => {
      const bKey = await createKey(B);
      expectOutcome(await api(A).delete('all', bKey), 'error', 101);
      expectOutcome(await api(B).validate(bKey), 'success', 100);
    });
  });

  // ---------------------------------------------------------------- register / unregister
  describe('register and unregister', () => {
    it('registers a domain (300), then answers the same name 302 (result error), then 301 at the limit', async () => {
      const key = await createKey(A, { max_allowed_domains: 2 });
      const first = await api(A).register('domain', 'alpha.test', key);
      expectOutcome(first, 'success', 300);
      expectOutcome(await api(A).register('domain', 'alpha.test', key), 'error', 302);
      expectOutcome(await api(A).register('domain', 'beta.test', key), 'success', 300);
      expectOutcome(await api(A).register('domain', 'gamma.test', key), 'error', 301);
      const d = await details(A, key);
      expect(d.registered_domains.map((x: any) => x.registered_domain).sort()).toEqual(['alpha.test', 'beta.test']);
    });

    it('registers devices up to the device limit (300, then 301)', async () => {
      const key = await createKey(A, { max_allowed_devices: 1 });
      expectOutcome(await api(A).register('device', 'phone-1', key), 'success', 300);
      expectOutcome(await api(A).register('device', 'phone-1', key), 'error', 302);
      expectOutcome(await api(A).register('device', 'phone-2', key), 'error', 301);
    });

    it('treats a limit of 0 as that type not allowed', async () => {
      const key = await createKey(A, { max_allowed_domains: 0, max_allowed_devices: 1 });
      const res = await api(A).register('domain', 'zero.test', key);
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('error');
      expect(res.body.error_code).toBe(301);
      expect((await details(A, key)).registered_domains).toEqual([]);
    });

    it('answers 101 for an unknown, inactive or expired license, and for another tenant license', async () => {
      expectOutcome(await api(A).register('domain', 'x.test', 'NOSUCH0000000000000000000000000000000000'), 'error', 101);
      for (const status of ['pending', 'blocked', 'expired']) {
        const k = await createKey(A, { license_status: status });
        expectOutcome(await api(A).register('domain', 'x.test', k), 'error', 101);
      }
      const expiredTrial = await createKey(A, { license_type: 'trial', date_expiry: meraf(new Date(Date.now() + DAY)) });
      expectOutcome(await api(A).edit({ license_key: expiredTrial, date_expiry: meraf(new Date(Date.now() - 60_000)) }), 'success', 240, 'code');
      expectOutcome(await api(A).register('domain', 'x.test', expiredTrial), 'error', 101);
      const bKey = await createKey(B);
      expectOutcome(await api(A).register('domain', 'x.test', bKey), 'error', 101);
      expect((await details(B, bKey)).registered_domains).toEqual([]);
    });

    it('answers a bad type or name with HTTP 400', async () => {
      const key = await createKey(A);
      for (const [type, name] of [
        ['phone', 'example.com'],
        ['domains', 'example.com'],
        ['domain', 'exa mple.com'],
        ['domain', 'bad_domain!.com'],
        ['domain', '-'],
        ['device', 'x'.repeat(256)],
        ['device', 'dev\u0001ice'],
        ['device', '   '],
      ]) {
        const res = await api(A).register(type, name, key);
        if (res.status !== 400) throw new Error(`${type} ${JSON.stringify(name)}: ${res.status} ${res.text}`);
        expect(res.body.result).toBe('error');
        const un = await api(A).unregister(type, name, key);
        expect([type, name, un.status]).toEqual([type, name, 400]);
      }
      expect((await details(A, key)).registered_domains).toEqual([]);
    });

    it.each([
      ['Example.COM', 'example.com'],
      ['https://www.example.com:8443/some/path?q=1', 'example.com'],
      ['http://Shop.Example.com/', 'shop.example.com'],
      ['www.example.net', 'example.net'],
      ['example.org.', 'example.org'],
      ['bücher.de', 'xn--bcher-kva.de'],
    ])('normalizes the domain %j to %j before storing', async (input, stored) => {
      const key = await createKey(A);
      expectOutcome(await api(A).register('domain', input, key), 'success', 300);
      const d = await details(A, key);
      expect(d.registered_domains.map((x: any) => x.registered_domain)).toEqual([stored]);
      expectOutcome(await api(A).register('domain', stored, key), 'error', 302);
    });

    it('matches "already registered" on the normalized name', async () => {
      const key = await createKey(A, { max_allowed_domains: 5 });
      expectOutcome(await api(A).register('domain', 'example.com', key), 'success', 300);
      for (const variant of ['WWW.EXAMPLE.COM', 'https://example.com/', 'example.com.', 'example.com:80']) {
        expectOutcome(await api(A).register('domain', variant, key), 'error', 302);
      }
      expectOutcome(await api(A).register('domain', 'sub.example.com', key), 'success', 300);
    });

    it('trims device ids and accepts 255 printable characters', async () => {
      const key = await createKey(A, { max_allowed_devices: 3 });
      expectOutcome(await api(A).register('device', '  device-A1  ', key), 'success', 300);
      expectOutcome(await api(A).register('device', 'device-A1', key), 'error', 302);
      expectOutcome(await api(A).register('device', 'D'.repeat(255), key), 'success', 300);
      const d = await details(A, key);
      expect(d.registered_devices.map((x: any) => x.registered_device).sort()).toEqual(['D'.repeat(255), 'device-A1'].sort());
    });

    it('unregisters (error_code 400, result success), frees the slot, then answers 401 for a name not registered', async () => {
      const key = await createKey(A, { max_allowed_domains: 1 });
      expectOutcome(await api(A).register('domain', 'slot.test', key), 'success', 300);
      expectOutcome(await api(A).register('domain', 'other.test', key), 'error', 301);
      const res = await api(A).unregister('domain', 'WWW.Slot.test', key);
      expectOutcome(res, 'success', 400);
      expectOutcome(await api(A).unregister('domain', 'slot.test', key), 'error', 401);
      expectOutcome(await api(A).register('domain', 'other.test', key), 'success', 300);
      expect((await details(A, key)).registered_domains.map((x: any) => x.registered_domain)).toEqual(['other.test']);
    });

    it('unregisters devices and answers 101 for an unknown license', async () => {
      const key = await createKey(A);
      expectOutcome(await api(A).register('device', 'dev-x', key), 'success', 300);
      expectOutcome(await api(A).unregister('device', 'dev-x', key), 'success', 400);
      expectOutcome(await api(A).unregister('device', 'dev-x', key), 'error', 401);
      expectOutcome(await api(A).unregister('device', 'dev-x', 'NOSUCH0000000000000000000000000000000000'), 'error', 101);
    });

    it('removes only the row of that license', async () => {
      const k1 = await createKey(A);
      const k2 = await createKey(A);
      expectOutcome(await api(A).register('domain', 'shared.test', k1), 'success', 300);
      expectOutcome(await api(A).register('domain', 'shared.test', k2), 'success', 300);
      expectOutcome(await api(A).unregister('domain', 'shared.test', k1), 'success', 400);
      expect((await details(A, k1)).registered_domains).toEqual([]);
      expect((await details(A, k2)).registered_domains.map((x: any) => x.registered_domain)).toEqual(['shared.test']);
    });
  });

  // ---------------------------------------------------------------- data lookups
  describe('data by purchase id and aliases', () => {
    let key: string;
    let purchase: string;
    let txn: string;
    beforeAll(async () => {
      purchase = uniq('PUR');
      txn = uniq('TXN');
      key = await createKey(A, { purchase_id_: purchase, txn_id: txn, product_ref: 'data-product', first_name: 'Dana' });
    });

    const expectDocumented = (res: TestResponse) => {
      expectStatus(res, 200);
      for (const f of DATA_FIELDS) expect([f, Object.prototype.hasOwnProperty.call(res.body, f)]).toEqual([f, true]);
      expect(typeof res.body.id).toBe('number');
      expect(res.body.license_key).toBe(key);
      expect(res.body.first_name).toBe('Dana');
      expect(res.body.purchase_id_).toBe(purchase);
      expect(res.body.product_ref).toBe('data-product');
      expect(res.body.date_created).toMatch(MERAF_TIME);
    };

    it('returns the documented body for a purchase id and product name', async () => {
      expectDocumented(await api(A).data(purchase, 'data-product'));
    });

    it('serves data-by-txn and data-by-key with the same body', async () => {
      const byPurchase = await api(A).data(purchase, 'data-product');
      const byTxn = await api(A).dataByTxn(txn, 'data-product');
      const byKey = await api(A).dataByKey(key);
      expectDocumented(byTxn);
      expectDocumented(byKey);
      expect(byTxn.body).toEqual(byPurchase.body);
      expect(byKey.body).toEqual(byPurchase.body);
    });

    it('answers 204 RETURNED_EMPTY (HTTP 200) when nothing matches, including another tenant', async () => {
      expectOutcome(await api(A).data(purchase, 'other-product'), 'error', 204);
      expectOutcome(await api(A).data('nope', 'data-product'), 'error', 204);
      expectOutcome(await api(A).dataByTxn('nope', 'data-product'), 'error', 204);
      expectOutcome(await api(A).dataByKey('NOPE'), 'error', 204);
      expectOutcome(await api(B).data(purchase, 'data-product'), 'error', 204);
      expectOutcome(await api(B).dataByKey(key), 'error', 204);
    });

    it('answers config with the tenant license settings and never a secret', async () => {
      const res = await api(A).config();
      expectStatus(res, 200);
      expect(res.headers.get('content-type') ?? '').toContain('application/json');
      for (const secret of Object.values(A.secretKeys)) expect(res.text).not.toContain(secret);
      expect(res.text).not.toContain(A.apiKey);
    });
  });

  // ---------------------------------------------------------------- logs
  describe('logs endpoint', () => {
    it('answers {result:"success", data:[{id, license_key, action_type, details, ip_address, user_agent, time, is_valid}]}', async () => {
      const key = await createKey(A);
      await api(A).validate(key);
      await api(A).validate('UNKNOWNKEYFORLOGS00000000000000000000000');
      expectOutcome(await api(A).register('domain', 'logged.test', key), 'success', 300);
      const res = await api(A).logs(key);
      expectStatus(res, 200);
      expect(res.body.result).toBe('success');
      expect(res.body.data.length).toBeGreaterThan(0);
      for (const row of res.body.data) {
        expect(Object.keys(row).sort()).toEqual([...LOG_FIELDS].sort());
        expect(typeof row.id).toBe('number');
        expect(row.license_key).toBe(key);
        expect(typeof row.action_type).toBe('string');
        expect(row.time).toMatch(MERAF_TIME);
        expect(['yes', 'no']).toContain(row.is_valid);
      }
      expect(res.body.data.some((r: any) => r.is_valid === 'yes')).toBe(true);
    });

    it('accepts the general key too, and `all` for every license of the tenant only', async () => {
      const k1 = await createKey(A);
      await api(A).validate(k1);
      const bKey = await createKey(B);
      await api(B).validate(bKey);
      const byGeneral = await api(A).logs(k1, A.secretKeys.general);
      expectStatus(byGeneral, 200);
      expect(byGeneral.body.data.length).toBeGreaterThan(0);
      const all = await api(A).logs('all');
      expectStatus(all, 200);
      const keysInAll = new Set(all.body.data.map((r: any) => r.license_key));
      expect(keysInAll.has(k1)).toBe(true);
      expect(keysInAll.has(bKey)).toBe(false);
      expectOutcome(await api(A).logs(bKey), 'error', 204);
    });

    it('answers 204 RETURNED_EMPTY when the license has no log', async () => {
      const C = await createTenant(t);
      const res = await api(C).logs('NEVERSEEN000000000000000000000000000000');
      expectOutcome(res, 'error', 204);
    });
  });

  // ---------------------------------------------------------------- generate
  describe('generate', () => {
    it('answers a JSON string of 40 characters [A-Z0-9] without auth', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const res = await t.request('/api/license/generate');
        expectStatus(res, 200);
        expect(res.headers.get('content-type') ?? '').toContain('application/json');
        expect(res.text.startsWith('"')).toBe(true);
        expect(res.body).toMatch(KEY_40);
        seen.add(res.body);
      }
      expect(seen.size).toBe(5);
    });

    it("applies the tenant's prefix, suffix and length with a valid User-API-Key, and the default with a wrong one", async () => {
      const G = await createTenant(t);
      await saveSettings(G, { licensePrefix: 'PRE-', licenseSuffix: '-SUF', licenseKeyCharsCount: 24 });
      const res = await t.request('/api/license/generate', { headers: user(G) });
      expectStatus(res, 200);
      expect(typeof res.body).toBe('string');
      expect(res.body).toHaveLength(24);
      expect(res.body).toMatch(/^PRE-[A-Z0-9]{16}-SUF$/);
      const wrong = await t.request('/api/license/generate', { headers: { 'User-API-Key': 'ZZZZZZ' } });
      expectStatus(wrong, 200);
      expect(wrong.body).toMatch(KEY_40);
    });
  });

  // ---------------------------------------------------------------- routine /validate
  describe('routine GET /validate', () => {
    let key: string;
    beforeAll(async () => {
      key = await createKey(A, { product_ref: 'routine-prod', item_reference: 'routine-item', max_allowed_devices: 2 });
      expectOutcome(await api(A).register('domain', 'routine.example', key), 'success', 300);
      expectOutcome(await api(A).register('device', 'routine-device', key), 'success', 300);
    });
    const routine = (params: Record<string, string>) => t.request(`/validate?${new URLSearchParams(params)}`);

    it('answers the JSON string "1" for a usable license, its product and a registered domain or device', async () => {
      for (const [tt, d] of [
        ['routine-prod', 'routine.example'],
        ['routine-item', 'routine.example'],
        ['routine-prod', 'routine-device'],
        ['routine-prod', 'https://WWW.Routine.Example/'],
      ]) {
        const res = await routine({ t: tt, s: key, d });
        expectStatus(res, 200);
        expect(res.headers.get('content-type') ?? '').toContain('application/json');
        expect([tt, d, res.text]).toEqual([tt, d, '"1"']);
      }
    });

    it('answers "0" for every failure reason', async () => {
      const pending = await createKey(A, { product_ref: 'routine-prod', license_status: 'pending' });
      const blocked = await createKey(A, { product_ref: 'routine-prod' });
      expectOutcome(await api(A).register('domain', 'routine.example', blocked), 'success', 300);
      expectOutcome(await api(A).edit({ license_key: blocked, license_status: 'blocked' }), 'success', 240, 'code');
      const expiredTrial = await createKey(A, {
        product_ref: 'routine-prod',
        license_type: 'trial',
        date_expiry: meraf(new Date(Date.now() + 3_600_000)),
      });
      expectOutcome(await api(A).register('domain', 'routine.example', expiredTrial), 'success', 300);
      expectOutcome(await api(A).edit({ license_key: expiredTrial, license_status: 'expired' }), 'success', 240, 'code');
      const cases: Array<[string, Record<string, string>]> = [
        ['no parameters', {}],
        ['missing t', { s: key, d: 'routine.example' }],
        ['missing s', { t: 'routine-prod', d: 'routine.example' }],
        ['missing d', { t: 'routine-prod', s: key }],
        ['empty d', { t: 'routine-prod', s: key, d: '' }],
        ['unknown key', { t: 'routine-prod', s: 'NOSUCHKEY00000000000000000000000000000000', d: 'routine.example' }],
        ['wrong product', { t: 'other-prod', s: key, d: 'routine.example' }],
        ['domain not registered', { t: 'routine-prod', s: key, d: 'elsewhere.example' }],
        ['device not registered', { t: 'routine-prod', s: key, d: 'other-device' }],
        ['pending license', { t: 'routine-prod', s: pending, d: 'routine.example' }],
        ['blocked license', { t: 'routine-prod', s: blocked, d: 'routine.example' }],
        ['expired status', { t: 'routine-prod', s: expiredTrial, d: 'routine.example' }],
      ];
      for (const [reason, params] of cases) {
        const res = await routine(params);
        expect([reason, res.status, res.text]).toEqual([reason, 200, '"0"']);
      }
    });

    it('answers "0" for a trial whose date_expiry has passed although it is active', async () => {
      const k = await createKey(A, { product_ref: 'routine-prod', license_type: 'trial', date_expiry: meraf(new Date(Date.now() + DAY)) });
      expectOutcome(await api(A).register('domain', 'late.example', k), 'success', 300);
      expect((await routine({ t: 'routine-prod', s: k, d: 'late.example' })).text).toBe('"1"');
      expectOutcome(await api(A).edit({ license_key: k, date_expiry: meraf(new Date(Date.now() - 60_000)) }), 'success', 240, 'code');
      expect((await details(A, k)).status).toBe('active');
      expect((await routine({ t: 'routine-prod', s: k, d: 'late.example' })).text).toBe('"0"');
    });

    it('logs every call as a success or an error validation entry', async () => {
      const k = await createKey(A, { product_ref: 'routine-prod' });
      expectOutcome(await api(A).register('domain', 'logme.example', k), 'success', 300);
      const count = async () => {
        const res = await api(A).logs(k);
        return res.body.result === 'success' ? (res.body.data as any[]) : [];
      };
      const before = await count();
      expect((await routine({ t: 'routine-prod', s: k, d: 'logme.example' })).text).toBe('"1"');
      expect((await routine({ t: 'routine-prod', s: k, d: 'notme.example' })).text).toBe('"0"');
      let after: any[] = [];
      for (let i = 0; i < 50; i++) {
        after = await count();
        if (after.length >= before.length + 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(after.length).toBe(before.length + 2);
      const fresh = after.filter((r) => !before.some((b: any) => b.id === r.id));
      expect(fresh.map((r) => r.is_valid).sort()).toEqual(['no', 'yes']);
    });
  });

  // ---------------------------------------------------------------- tenant endpoints
  describe('tenant endpoints (User-API-Key)', () => {
    it('answers /api/dashboard-data in the documented shape', async () => {
      const D = await createTenant(t);
      const k1 = await createKey(D, { email: 'c1@example.com' });
      await createKey(D, { license_status: 'blocked' });
      await createKey(D, { license_status: 'expired' });
      await api(D).validate(k1);
      const res = await t.request('/api/dashboard-data', { headers: user(D) });
      expectStatus(res, 200);
      const b = res.body;
      expect(Object.keys(b.user)).toEqual(expect.arrayContaining(['id', 'username', 'email', 'first_name', 'last_name', 'api_key']));
      expect(b.user.id).toBe(D.id);
      expect(b.user.username).toBe(D.username);
      expect(b.user.api_key).toBe(D.apiKey);
      expect(b.licenses).toHaveLength(3);
      const lic = b.licenses.find((l: any) => l.license_key === k1);
      expect(Object.keys(lic)).toEqual(expect.arrayContaining(['id', 'license_key', 'status', 'type', 'customer_email']));
      expect(typeof lic.id).toBe('number');
      expect(lic.status).toBe('active');
      expect(lic.type).toBe('lifetime');
      expect(lic.customer_email).toBe('c1@example.com');
      expect(b.statistics).toMatchObject({ total_licenses: 3, active_licenses: 1, expired_licenses: 1, blocked_licenses: 1 });
      expect(Array.isArray(b.recent_activities)).toBe(true);
      for (const a of b.recent_activities) {
        expect(Object.keys(a)).toEqual(expect.arrayContaining(['license_key', 'action', 'timestamp']));
        expect(a.timestamp).toMatch(MERAF_TIME);
      }
      expect(b.recent_activities.some((a: any) => a.license_key === k1)).toBe(true);
    });

    it('creates a license with POST /api/user/licenses for the header tenant only', async () => {
      const res = await t.request('/api/user/licenses', {
        method: 'POST',
        headers: user(B),
        json: {
          license_type: 'lifetime',
          license_status: 'active',
          first_name: 'Customer Name',
          last_name: 'Customer Last',
          email: 'customer@example.com',
          max_allowed_domains: 1,
          max_allowed_devices: 1,
          product_ref: 'my-product',
        },
      });
      expectStatus(res, 200);
      expect(res.body.result).toBe('success');
      const key = res.body.key;
      expect(typeof key).toBe('string');
      const d = await details(B, key);
      expect(d.error_code).toBe(100);
      expect(d.email).toBe('customer@example.com');
      expectOutcome(await api(A).validate(key), 'error', 101);
    });

    it('answers POST /api/user/licenses with missing fields as HTTP 400 listing them', async () => {
      const res = await t.request('/api/user/licenses', { method: 'POST', headers: user(B), json: { license_type: 'lifetime' } });
      expectStatus(res, 400);
      expect(res.body.result).toBe('error');
      expect(JSON.stringify(res.body)).toContain('email');
    });

    it('reads and saves settings with GET/POST /api/user/settings', async () => {
      const S = await createTenant(t);
      const got = await t.request('/api/user/settings', { headers: user(S) });
      expectStatus(got, 200);
      expect(got.body.result).toBe('success');
      expect(typeof got.body.settings).toBe('object');
      const saved = await t.request('/api/user/settings', { method: 'POST', headers: user(S), json: { defaultTrialDays: 9 } });
      expectStatus(saved, 200);
      expect(saved.body.result).toBe('success');
      const again = await t.request('/api/user/settings', { headers: user(S) });
      expect(again.body.settings.defaultTrialDays).toBe(9);
      const other = await t.request('/api/user/settings', { headers: user(A) });
      expect(other.body.settings.defaultTrialDays).not.toBe(9);
      const bad = await t.request('/api/user/settings', { method: 'POST', headers: user(S), json: { defaultTrialDays: 'many' } });
      expectStatus(bad, 400);
      expect(bad.body.result).toBe('error');
      const secret = JSON.stringify(again.body);
      for (const s of Object.values(S.secretKeys)) expect(secret).not.toContain(s);
    });
  });
});
