import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { LicenseActivation } from '../src/activations/entities/license-activation.entity';
import { LicenseEventPayload, LicenseEvents, SecurityEvents } from '../src/common/events';
import { License } from '../src/licenses/entities/license.entity';
import { LogsService } from '../src/logs/logs.service';
import { ProductsService } from '../src/products/products.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, isoIn, KEY_40, LICENSE_TEST_ENV, licenseFields, meraf, MERAF_TIME, recordEvents } from './licenses-support';
import type { RecordedEvent } from './licenses-support';

/** The MERAF license endpoints, field by field against the spec's examples (meraf-panel-api.md, DECISIONS A1-A4). */
describe('licenses API', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof meraf>;
  let events: RecordedEvent[];

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    tenant = await createTenant(t);
    api = meraf(t, tenant);
    events = recordEvents(t);
  });
  afterAll(async () => t.close());

  const eventsOf = (name: string, key: string) =>
    events.filter((e) => e.name === name && ((e.payload as LicenseEventPayload).data?.license_key ?? (e.payload as { licenseKey: string }).licenseKey) === key);
  const licenseRow = (key: string) => t.app.get(DataSource).getRepository(License).findOne({ where: { licenseKey: key } });

  describe('create', () => {
    it('creates from the documented query string and answers {result, message, key, code: 400}', async () => {
      const res = await api.createGet(licenseFields());
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['result', 'message', 'key', 'code']);
      expect(res.body.result).toBe('success');
      expect(typeof res.body.message).toBe('string');
      expect(res.body.key).toMatch(KEY_40);
      expect(res.body.code).toBe(400);
      const row = await licenseRow(res.body.key);
      expect(row).toMatchObject({ tenantId: tenant.id, status: 'active', type: 'lifetime', maxAllowedDomains: 3, maxAllowedDevices: 2, productRef: 'my-product', itemReference: 'my-product' });
    });

    it('creates from the same fields as a JSON body on POST', async () => {
      const res = await api.createPost({ ...licenseFields(), max_allowed_domains: 4, company_name: 'Company Inc', subscr_id: 'sub_1', current_ver: '1.0.0', until: '2.0.0', item_reference: 'woocommerce' });
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(400);
      expect(await licenseRow(res.body.key)).toMatchObject({ maxAllowedDomains: 4, companyName: 'Company Inc', subscrId: 'sub_1', currentVer: '1.0.0', until: '2.0.0', itemReference: 'woocommerce' });
    });

    it('creates from a form body on POST', async () => {
      const res = await t.request(`/api/license/create/${tenant.secretKeys.creation}/data`, {
        method: 'POST',
        body: new URLSearchParams(licenseFields() as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(400);
    });

    it("generates keys in the tenant's format (prefix, suffix, length)", async () => {
      const other = await createTenant(t);
      const settings = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': other.apiKey }, json: { licensePrefix: 'ACME-', licenseSuffix: '-X', licenseKeyCharsCount: 24 } });
      expect(settings.status).toBe(200);
      const res = await meraf(t, other).createGet(licenseFields());
      expect(res.body.key).toMatch(/^ACME-[A-Z0-9]{17}-X$/);
    });

    it('accepts a custom license_key and answers error_code 200 (LICENSE_EXIST) when it is taken', async () => {
      const key = 'CUSTOM-key_0001';
      expect((await api.createGet(licenseFields({ license_key: key }))).body).toMatchObject({ result: 'success', key, code: 400 });
      const again = await api.createGet(licenseFields({ license_key: key, first_name: 'Other' }));
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ result: 'error', message: expect.any(String), error_code: 200 });
      expect((await licenseRow(key))?.firstName).toBe('John');
    });

    it('requires license_status on the create route, as the spec lists it (error_code 10)', async () => {
      const res = await api.createGet(licenseFields({ license_status: null }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', error_code: 10, message: { license_status: expect.any(String) } });
    });

    it('answers HTTP 400 with error_code 10 naming each missing required field in message and errors', async () => {
      const res = await api.createGet({ license_type: 'lifetime', first_name: 'John' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ result: 'error', error_code: 10 });
      const missing = ['email', 'last_name', 'license_status', 'max_allowed_devices', 'max_allowed_domains', 'product_ref', 'purchase_id_', 'txn_id'];
      expect(Object.keys(res.body.errors).sort()).toEqual(missing);
      expect(Object.keys(res.body.message).sort()).toEqual(missing);
      expect(res.body.message.email).toBe('email is required');
    });

    it('requires billing_length, billing_interval and date_expiry for a subscription', async () => {
      const res = await api.createGet(licenseFields({ license_type: 'subscription' }));
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe(10);
      expect(Object.keys(res.body.errors).sort()).toEqual(['billing_interval', 'billing_length', 'date_expiry']);
    });

    it('stores dates in UTC: an offset is converted, a bare date-time is taken as UTC', async () => {
      const a = await createLicense(t, tenant, { license_type: 'subscription', billing_length: 1, billing_interval: 'years', date_expiry: '2030-01-01T12:00:00+02:00' });
      expect((await api.validate(a)).body.date_expiry).toBe('2030-01-01 10:00:00');
      const b = await createLicense(t, tenant, { license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: '2030-01-01 12:00:00' });
      expect((await api.validate(b)).body.date_expiry).toBe('2030-01-01 12:00:00');
    });

    it("gives a trial without date_expiry the tenant's defaultTrialDays", async () => {
      const before = Date.now();
      const key = await createLicense(t, tenant, { license_type: 'trial' });
      const expiry = (await licenseRow(key))!.dateExpiry!.getTime();
      expect(expiry - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
      expect(expiry - before).toBeLessThan(7 * 86_400_000 + 60_000);
    });

    it('ignores date_expiry on a lifetime license', async () => {
      const key = await createLicense(t, tenant, { date_expiry: '2020-01-01 00:00:00' });
      expect((await api.validate(key)).body).toMatchObject({ error_code: 100, date_expiry: null });
    });

    it("rejects a product_ref that is not one of the tenant's products (error_code 10, field named)", async () => {
      const products = t.app.get(ProductsService);
      const spy = jest.spyOn(products, 'checkLicenseRef').mockResolvedValue({ ok: false, message: "product_ref is not one of the tenant's products (a-product)" });
      try {
        const res = await api.createGet(licenseFields({ product_ref: 'unknown-product' }));
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe(10);
        expect(Object.keys(res.body.errors)).toEqual(['product_ref']);
        expect(res.body.errors.product_ref).toEqual(["product_ref is not one of the tenant's products (a-product)"]);
        expect(spy).toHaveBeenCalledWith(tenant.id, 'unknown-product');
      } finally {
        spy.mockRestore();
      }
    });

    it('publishes license.created (and license.activated for an active license) with the webhook data', async () => {
      const key = await createLicense(t, tenant);
      const [created] = eventsOf(LicenseEvents.Created, key);
      expect(created.payload).toMatchObject({
        tenantId: tenant.id,
        event: 'license.created',
        timestamp: expect.stringMatching(/Z$/),
        data: { license_key: key, email: 'john@example.com', product_ref: 'my-product' },
      });
      expect(eventsOf(LicenseEvents.Activated, key)).toHaveLength(1);
      const pending = await createLicense(t, tenant, { license_status: 'pending' });
      expect(eventsOf(LicenseEvents.Activated, pending)).toHaveLength(0);
    });
  });

  describe('POST /api/user/licenses', () => {
    it('creates with the documented fields and the tenant defaults for the rest', async () => {
      const res = await t.request('/api/user/licenses', {
        method: 'POST',
        headers: { 'User-API-Key': tenant.apiKey },
        json: { license_type: 'lifetime', first_name: 'Customer', last_name: 'Last', email: 'customer@example.com', product_ref: 'my-product' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'success', code: 400 });
      expect(res.body.key).toMatch(KEY_40);
      expect(res.body.license_key).toBe(res.body.key);
      expect(res.body.license).toMatchObject({ license_key: res.body.key, license_status: 'active', max_allowed_domains: 1, max_allowed_devices: 1, txn_id: '', purchase_id_: '' });
    });

    it('uses a given license_key and the documented status and limits', async () => {
      const res = await t.request('/api/user/licenses', {
        method: 'POST',
        headers: { 'User-API-Key': tenant.apiKey },
        json: { license_key: 'USER-CREATED-0001', license_type: 'lifetime', license_status: 'pending', first_name: 'A', last_name: 'B', email: 'a@b.example', max_allowed_domains: 5, max_allowed_devices: 0, product_ref: 'my-product' },
      });
      expect(res.body).toMatchObject({ result: 'success', key: 'USER-CREATED-0001' });
      expect(await licenseRow('USER-CREATED-0001')).toMatchObject({ status: 'pending', maxAllowedDomains: 5, maxAllowedDevices: 0 });
    });

    it('answers 400 with error_code 10 for invalid input and 401 without a User-API-Key', async () => {
      const bad = await t.request('/api/user/licenses', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { license_type: 'lifetime' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error_code).toBe(10);
      const anonymous = await t.request('/api/user/licenses', { method: 'POST', json: { license_type: 'lifetime' } });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('AUTHENTICATION_REQUIRED');
    });
  });

  describe('validate', () => {
    let key: string;
    beforeAll(async () => {
      key = await createLicense(t, tenant, {
        license_type: 'subscription',
        billing_length: 1,
        billing_interval: 'years',
        date_expiry: '2035-01-01 12:00:00',
        company_name: 'Company Inc',
        current_ver: '1.0.0',
        until: '2.0.0',
        subscr_id: 'sub_9',
      });
      expect((await api.register('domain', 'https://www.Example.com/', key)).body.error_code).toBe(300);
      expect((await api.register('device', 'device123', key)).body.error_code).toBe(300);
    });

    it('answers error_code 100 with every documented field, plus the DECISIONS A3 extras', async () => {
      const res = await api.validate(key);
      expect(res.status).toBe(200);
      const b = res.body;
      expect(Object.keys(b)).toEqual([
        'result', 'message', 'license_key', 'status', 'license_type', 'first_name', 'last_name', 'email', 'company_name',
        'registered_domains', 'registered_devices', 'date_created', 'date_activated', 'date_expiry', 'product_ref', 'current_ver', 'until',
        'max_allowed_domains', 'max_allowed_devices', 'item_reference', 'txn_id', 'purchase_id_', 'subscr_id', 'error_code',
      ]);
      expect(b.result).toBe('success');
      expect(typeof b.message).toBe('string');
      expect(b.license_key).toBe(key);
      expect(b.status).toBe('active');
      expect(b.license_type).toBe('subscription');
      expect(b.first_name).toBe('John');
      expect(b.last_name).toBe('Doe');
      expect(b.email).toBe('john@example.com');
      expect(b.company_name).toBe('Company Inc');
      expect(b.registered_domains).toEqual([{ domain_name: 'example.com', registered_domain: 'example.com', date: expect.stringMatching(MERAF_TIME) }]);
      expect(b.registered_devices).toEqual([{ device_name: 'device123', registered_device: 'device123', date: expect.stringMatching(MERAF_TIME) }]);
      expect(b.date_created).toMatch(MERAF_TIME);
      expect(b.date_activated).toMatch(MERAF_TIME);
      expect(b.date_expiry).toBe('2035-01-01 12:00:00');
      expect(b.product_ref).toBe('my-product');
      expect(b.current_ver).toBe('1.0.0');
      expect(b.until).toBe('2.0.0');
      expect(b.max_allowed_domains).toBe(3);
      expect(b.max_allowed_devices).toBe(2);
      expect(b.item_reference).toBe('my-product');
      expect(b.txn_id).toBe('txn123');
      expect(b.purchase_id_).toBe('purchase123');
      expect(b.subscr_id).toBe('sub_9');
      expect(b.error_code).toBe(100);
    });

    it('answers the same on GET and on the deployed alias POST /verify', async () => {
      const post = (await api.validate(key)).body;
      expect((await api.validateGet(key)).body).toEqual(post);
      expect((await api.verify(key)).body).toEqual(post);
    });

    it('answers an unknown key with exactly {result: error, message, error_code: 101}', async () => {
      const res = await api.validate('NOSUCHKEY0000000000000000000000000000000');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 101 });
    });

    it('answers HTTP 403 with the generic body for a wrong secret', async () => {
      const res = await t.request(`/api/license/validate/${tenant.secretKeys.creation}/${key}`, { method: 'POST' });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 });
    });

    it.each([['blocked'], ['pending'], ['expired']])('answers 101 with the details for a %s license', async (status) => {
      const k = await createLicense(t, tenant, { license_status: status });
      const res = await api.validate(k);
      expect(res.body).toMatchObject({ result: 'error', error_code: 101, license_key: k, status, email: 'john@example.com' });
    });

    it.each([['trial'], ['subscription']])('answers 101 for an active %s whose date_expiry has passed', async (type) => {
      const k = await createLicense(t, tenant, { license_type: type, billing_length: 1, billing_interval: 'days', date_expiry: isoIn(-1) });
      expect((await api.validate(k)).body).toMatchObject({ result: 'error', error_code: 101, status: 'active', license_type: type });
    });

    it('answers 100 for an active trial until its date_expiry', async () => {
      const k = await createLicense(t, tenant, { license_type: 'trial', date_expiry: isoIn(1) });
      expect((await api.validate(k)).body.error_code).toBe(100);
    });

    it('writes a validation log and an activity log entry with IP and user agent for each call', async () => {
      const logs = t.app.get(LogsService);
      const validation = jest.spyOn(logs, 'validation');
      const activity = jest.spyOn(logs, 'activity');
      try {
        await t.request(`/api/license/validate/${tenant.secretKeys.validation}/${key}`, { method: 'POST', headers: { 'User-Agent': 'PluginUA/1.0' } });
        await api.validate('NOSUCHKEY1111111111111111111111111111111');
        expect(validation.mock.calls.map((c) => c[0])).toEqual([
          expect.objectContaining({ tenantId: tenant.id, licenseKey: key, outcome: 'success', source: 'validate', ip: '127.0.0.1', userAgent: 'PluginUA/1.0' }),
          expect.objectContaining({ tenantId: tenant.id, licenseKey: 'NOSUCHKEY1111111111111111111111111111111', outcome: 'error', source: 'validate' }),
        ]);
        expect(activity.mock.calls.map((c) => c[0])).toEqual([
          expect.objectContaining({ licenseKey: key, actionType: 'validation_attempt', isValid: true, ip: '127.0.0.1', userAgent: 'PluginUA/1.0' }),
          expect.objectContaining({ actionType: 'validation_attempt', isValid: false }),
        ]);
      } finally {
        validation.mockRestore();
        activity.mockRestore();
      }
    });

    it('publishes a sign of guessing {ip, sign} for an unknown key, none for a refused real license', async () => {
      const k = await createLicense(t, tenant, { license_status: 'blocked' });
      const signs = () => events.filter((e) => e.name === SecurityEvents.GuessingSign).map((e) => e.payload);
      const before = signs().length;
      await api.validate(k);
      expect(signs()).toHaveLength(before);
      await api.validate('NOSUCHKEY2222222222222222222222222222222');
      expect(signs().slice(before)).toEqual([{ ip: '127.0.0.1', sign: 'unknown_license_key' }]);
    });
  });

  describe('list (DataTables)', () => {
    let other: TestTenant;
    let list: ReturnType<typeof meraf>;
    const keys: string[] = [];
    beforeAll(async () => {
      other = await createTenant(t);
      list = meraf(t, other);
      keys.push(await createLicense(t, other, { first_name: 'Alice', email: 'Alice@Example.org', license_status: 'active' }));
      keys.push(await createLicense(t, other, { first_name: 'Bob', company_name: 'Zeta Corp', license_status: 'blocked' }));
      keys.push(await createLicense(t, other, { first_name: 'Carol', license_type: 'trial', txn_id: 'ORDER-77', license_status: 'active' }));
      keys.push(await createLicense(t, other, { first_name: 'Dave', purchase_id_: 'half-off', subscr_id: 'sub_dave' }));
    });

    it('answers {draw, recordsTotal, recordsFiltered, data} with the documented row fields, newest first', async () => {
      const res = await list.list('draw=3');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['draw', 'recordsTotal', 'recordsFiltered', 'data']);
      expect(res.body.draw).toBe(3);
      expect(res.body.recordsTotal).toBe(4);
      expect(res.body.recordsFiltered).toBe(4);
      expect(res.body.data.map((r: { license_key: string }) => r.license_key)).toEqual([...keys].reverse());
      const row = res.body.data[3];
      expect(row).toMatchObject({
        id: expect.any(Number),
        license_key: keys[0],
        first_name: 'Alice',
        last_name: 'Doe',
        email: 'Alice@Example.org',
        license_status: 'active',
        license_type: 'lifetime',
        date_created: expect.stringMatching(MERAF_TIME),
        product_ref: 'my-product',
      });
    });

    it('filters by status and type; recordsTotal stays the tenant total', async () => {
      expect((await list.list('status=blocked')).body).toMatchObject({ recordsTotal: 4, recordsFiltered: 1, data: [{ license_key: keys[1] }] });
      expect((await list.list('type=trial')).body).toMatchObject({ recordsTotal: 4, recordsFiltered: 1, data: [{ license_key: keys[2] }] });
      expect((await list.list('status=active&type=lifetime')).body.recordsFiltered).toBe(2);
    });

    it.each([
      ['alice@example.ORG', 0],
      ['zeta', 1],
      ['order-77', 2],
      ['SUB_DAVE', 3],
      ['HALF-OFF', 3],
    ])('searches case-insensitively across the documented fields (%s)', async (term, index) => {
      const res = await list.list(`search=${encodeURIComponent(term)}`);
      expect(res.body.recordsFiltered).toBe(1);
      expect(res.body.data[0].license_key).toBe(keys[index]);
    });

    it('takes the search from DataTables search[value] too, and treats % and _ literally', async () => {
      expect((await list.list(`search%5Bvalue%5D=${keys[1].slice(5, 20).toLowerCase()}`)).body.recordsFiltered).toBe(1);
      expect((await list.list('search=%25')).body.recordsFiltered).toBe(0);
      expect((await list.list('search=_')).body).toMatchObject({ recordsFiltered: 1, data: [{ license_key: keys[3] }] });
    });

    it('echoes draw as 0 when it is absent and pages 10 rows by default', async () => {
      const res = await list.list();
      expect(res.body.draw).toBe(0);
      expect(res.body.data).toHaveLength(4);
    });

    it('pages with start and length', async () => {
      const res = await list.list('start=1&length=2');
      expect(res.body.recordsFiltered).toBe(4);
      expect(res.body.data.map((r: { license_key: string }) => r.license_key)).toEqual([keys[2], keys[1]]);
    });
  });

  describe('export', () => {
    let exporter: TestTenant;
    beforeAll(async () => {
      exporter = await createTenant(t);
      const repo = t.app.get(DataSource).getRepository(License);
      const rows = Array.from({ length: 1203 }, (_, i) =>
        repo.create({
          tenantId: exporter.id,
          licenseKey: `EXPORT${String(i).padStart(6, '0')}`,
          status: i % 3 ? 'active' : 'blocked',
          type: 'lifetime',
          firstName: 'Exp',
          lastName: `Row${i}`,
          email: `row${i}@example.com`,
          productRef: 'my-product',
          itemReference: 'my-product',
          dateExpiry: null,
          dateActivated: null,
        }),
      );
      for (let i = 0; i < rows.length; i += 300) await repo.insert(rows.slice(i, i + 300));
    });

    it('streams a CSV attachment with the documented header and every row once, newest first', async () => {
      const res = await meraf(t, exporter).export();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="licenses_export_\d{14}\.csv"$/);
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe('ID,License Key,Status,Type,First Name,Last Name,Email,Product,Created Date,Expiry Date');
      expect(lines.at(-1)).toBe('');
      const body = lines.slice(1, -1);
      expect(body).toHaveLength(1203);
      expect(body[0]).toMatch(/^\d+,EXPORT001202,active,lifetime,Exp,Row1202,row1202@example.com,my-product,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},$/);
      expect(new Set(body.map((l) => l.split(',')[1])).size).toBe(1203);
      const ids = body.map((l) => Number(l.split(',')[0]));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('answers the header line alone when nothing matches', async () => {
      const res = await meraf(t, exporter).export('search=no-such-row');
      expect(res.status).toBe(200);
      expect(res.text).toBe('ID,License Key,Status,Type,First Name,Last Name,Email,Product,Created Date,Expiry Date\r\n');
    });

    it('applies the list filters', async () => {
      const res = await meraf(t, exporter).export('status=blocked&search=row12');
      const body = res.text.split('\r\n').slice(1, -1);
      expect(body.length).toBeGreaterThan(0);
      expect(body.every((l) => l.includes(',blocked,') && /,Row12\d*,/.test(l))).toBe(true);
    });
  });

  describe('edit', () => {
    it('changes only the sent fields (JSON) and answers code 240', async () => {
      const key = await createLicense(t, tenant, { company_name: 'Keep Me' });
      const res = await api.edit({ license_key: key, first_name: 'Updated Name', max_allowed_domains: 7 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'success', message: expect.any(String), key, changed: ['first_name', 'max_allowed_domains'], code: 240 });
      expect(await licenseRow(key)).toMatchObject({ firstName: 'Updated Name', maxAllowedDomains: 7, lastName: 'Doe', companyName: 'Keep Me', email: 'john@example.com' });
    });

    it('takes a form body', async () => {
      const key = await createLicense(t, tenant);
      const res = await api.editForm({ license_key: key, email: 'updated@example.com', max_allowed_devices: '4' });
      expect(res.body.code).toBe(240);
      expect(await licenseRow(key)).toMatchObject({ email: 'updated@example.com', maxAllowedDevices: 4 });
    });

    it('validates the merged license as a whole (400, error_code 220) and changes nothing', async () => {
      const key = await createLicense(t, tenant);
      const res = await api.edit({ license_key: key, license_type: 'subscription', first_name: 'Changed' });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe(220);
      expect(Object.keys(res.body.errors).sort()).toEqual(['billing_interval', 'billing_length', 'date_expiry']);
      expect(await licenseRow(key)).toMatchObject({ type: 'lifetime', firstName: 'John' });
      const ok = await api.edit({ license_key: key, license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: '2031-05-05 05:05:05' });
      expect(ok.body.code).toBe(240);
      expect((await api.validate(key)).body).toMatchObject({ license_type: 'subscription', date_expiry: '2031-05-05 05:05:05' });
    });

    it('answers error_code 220 for an unknown license and 400 when license_key is missing', async () => {
      const unknown = await api.edit({ license_key: 'NOSUCHKEY-000000', first_name: 'X' });
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual({ result: 'error', message: expect.any(String), error_code: 220 });
      const missing = await api.edit({ first_name: 'X' });
      expect(missing.status).toBe(400);
      expect(missing.body.error_code).toBe(220);
      expect(missing.body.errors).toHaveProperty('license_key');
    });

    it("rejects a product_ref that is not one of the tenant's products (error_code 220)", async () => {
      const key = await createLicense(t, tenant);
      const spy = jest.spyOn(t.app.get(ProductsService), 'checkLicenseRef').mockResolvedValue({ ok: false, message: "product_ref is not one of the tenant's products (a-product)" });
      try {
        const res = await api.edit({ license_key: key, product_ref: 'nope' });
        expect(res.status).toBe(400);
        expect(res.body.error_code).toBe(220);
        expect(Object.keys(res.body.errors)).toEqual(['product_ref']);
      } finally {
        spy.mockRestore();
      }
      expect((await licenseRow(key))?.productRef).toBe('my-product');
    });

    it('sets date_activated when a license first becomes active, and keeps it afterwards', async () => {
      const key = await createLicense(t, tenant, { license_status: 'pending' });
      expect((await api.validate(key)).body.date_activated).toBeNull();
      await api.edit({ license_key: key, license_status: 'active' });
      const first = (await api.validate(key)).body.date_activated;
      expect(first).toMatch(MERAF_TIME);
      await api.edit({ license_key: key, license_status: 'blocked' });
      await api.edit({ license_key: key, license_status: 'active' });
      expect((await api.validate(key)).body.date_activated).toBe(first);
      expect(eventsOf(LicenseEvents.Activated, key)).toHaveLength(1);
    });

    it('publishes license.updated with the changed fields, and license.expired when the status becomes expired', async () => {
      const key = await createLicense(t, tenant);
      await api.edit({ license_key: key, license_status: 'expired' });
      expect(eventsOf(LicenseEvents.Updated, key).map((e) => (e.payload as LicenseEventPayload).data.changed)).toEqual([['license_status']]);
      expect(eventsOf(LicenseEvents.Expired, key)).toHaveLength(1);
    });

    it('says so when nothing changed', async () => {
      const key = await createLicense(t, tenant);
      const res = await api.edit({ license_key: key, first_name: 'John' });
      expect(res.body).toMatchObject({ result: 'success', changed: [], code: 240 });
      expect(res.body.message).toMatch(/unchanged/);
    });

    it('ignores read-only fields that panels echo back', async () => {
      const key = await createLicense(t, tenant);
      const res = await api.edit({ license_key: key, id: 999, date_created: '2000-01-01', last_name: 'Smith' });
      expect(res.body).toMatchObject({ code: 240, changed: ['last_name'] });
    });
  });

  describe('delete', () => {
    async function licenseWithRegistrations() {
      const key = await createLicense(t, tenant);
      await api.register('domain', 'one.example.com', key);
      await api.register('domain', 'two.example.com', key);
      await api.register('device', 'device-1', key);
      return key;
    }
    const activations = (key: string) => t.app.get(DataSource).getRepository(LicenseActivation).find({ where: { licenseKey: key }, order: { id: 'ASC' } });

    it('license_only removes the license and keeps its domains and devices as detached history', async () => {
      const key = await licenseWithRegistrations();
      const res = await api.delete('license_only', key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        result: 'success',
        message: expect.any(String),
        license_key: key,
        option: 'license_only',
        deleted: { license: 1, domains: 0, devices: 0, logs: 0 },
        error_code: 320,
      });
      expect(await licenseRow(key)).toBeNull();
      const kept = await activations(key);
      expect(kept.map((a) => [a.type, a.name, a.licenseId])).toEqual([
        ['domain', 'one.example.com', null],
        ['domain', 'two.example.com', null],
        ['device', 'device-1', null],
      ]);
      expect((await api.validate(key)).body.error_code).toBe(101);
    });

    it('license_and_domains removes the domains and keeps the devices', async () => {
      const key = await licenseWithRegistrations();
      expect((await api.delete('license_and_domains', key)).body.deleted).toEqual({ license: 1, domains: 2, devices: 0, logs: 0 });
      expect((await activations(key)).map((a) => a.type)).toEqual(['device']);
    });

    it('license_and_devices removes the devices and keeps the domains (POST works too)', async () => {
      const key = await licenseWithRegistrations();
      expect((await api.delete('license_and_devices', key, 'POST')).body.deleted).toEqual({ license: 1, domains: 0, devices: 1, logs: 0 });
      expect((await activations(key)).map((a) => a.type)).toEqual(['domain', 'domain']);
    });

    it("all removes the license, its registrations and its logs", async () => {
      const key = await licenseWithRegistrations();
      await api.validate(key);
      const before = await api.logs(key);
      expect(before.body.data.length).toBeGreaterThan(0);
      const res = await api.delete('all', key);
      expect(res.body.deleted).toMatchObject({ license: 1, domains: 2, devices: 1 });
      expect(res.body.deleted.logs).toBeGreaterThanOrEqual(before.body.data.length);
      expect(await activations(key)).toEqual([]);
      // not even an entry of the deletion itself is left (DECISIONS A4: `all` removes the logs)
      expect((await api.logs(key)).body).toEqual({ result: 'error', message: expect.any(String), error_code: 204 });
    });

    it('answers error_code 101 for an unknown license, HTTP 400 for an unknown option, and publishes license.deleted', async () => {
      expect((await api.delete('all', 'NOSUCHKEY-DELETE')).body).toEqual({ result: 'error', message: expect.any(String), error_code: 101 });
      const key = await createLicense(t, tenant);
      const bad = await api.delete('everything', key);
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toHaveProperty('option');
      expect(await licenseRow(key)).not.toBeNull();
      await api.delete('license_only', key);
      expect(eventsOf(LicenseEvents.Deleted, key).map((e) => (e.payload as LicenseEventPayload).data)).toEqual([
        expect.objectContaining({ license_key: key, email: 'john@example.com', product_ref: 'my-product', option: 'license_only' }),
      ]);
    });
  });

  describe('data lookups', () => {
    let key: string;
    beforeAll(async () => {
      key = await createLicense(t, tenant, { purchase_id_: 'P-1001', txn_id: 'T-1001', product_ref: 'lookup-product', item_reference: 'lookup-item' });
    });

    it('finds a license by purchase id and product with the documented fields first', async () => {
      const res = await api.data('P-1001', 'lookup-product');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).slice(0, 8)).toEqual(['id', 'license_key', 'first_name', 'last_name', 'email', 'purchase_id_', 'product_ref', 'date_created']);
      expect(res.body).toMatchObject({ id: expect.any(Number), license_key: key, first_name: 'John', last_name: 'Doe', email: 'john@example.com', purchase_id_: 'P-1001', product_ref: 'lookup-product', date_created: expect.stringMatching(MERAF_TIME) });
      expect((await api.data('P-1001', 'lookup-item')).body.license_key).toBe(key);
    });

    it('answers error_code 204 (RETURNED_EMPTY) when nothing matches', async () => {
      expect((await api.data('P-1001', 'other-product')).body).toEqual({ result: 'error', message: expect.any(String), error_code: 204 });
      expect((await api.data('P-9999', 'lookup-product')).body.error_code).toBe(204);
    });

    it('serves the deployed aliases data-by-txn, data-by-key and config', async () => {
      expect((await api.dataByTxn('T-1001', 'lookup-product')).body.license_key).toBe(key);
      expect((await api.dataByTxn('T-0000', 'lookup-product')).body.error_code).toBe(204);
      expect((await api.dataByKey(key)).body).toMatchObject({ license_key: key, txn_id: 'T-1001' });
      expect((await api.dataByKey('NOSUCHKEY-LOOKUP')).body.error_code).toBe(204);
      expect((await api.config()).body).toEqual({ defaultAllowedDomains: 1, defaultAllowedDevices: 1, defaultTrialDays: 7, default_license_status: 'active' });
    });

    it('needs the general secret key', async () => {
      expect((await t.request(`/api/license/data/${tenant.secretKeys.management}/P-1001/lookup-product`)).status).toBe(403);
    });
  });

  describe('generate', () => {
    it('answers a JSON string of 40 [A-Z0-9] without auth', async () => {
      const res = await t.request('/api/license/generate');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.text).toMatch(/^"[A-Z0-9]{40}"$/);
    });

    it("applies the tenant's key settings with a valid User-API-Key, the defaults with a wrong one", async () => {
      const other = await createTenant(t);
      await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': other.apiKey }, json: { licensePrefix: 'GEN-', licenseKeyCharsCount: 20 } });
      expect((await t.request('/api/license/generate', { headers: { 'User-API-Key': other.apiKey } })).body).toMatch(/^GEN-[A-Z0-9]{16}$/);
      expect((await t.request('/api/license/generate', { headers: { 'User-API-Key': 'ZZZZZZ' } })).body).toMatch(KEY_40);
    });
  });

  describe('dashboard', () => {
    it('answers user, at most 10 newest licenses, statistics by status and recent activities', async () => {
      const owner = await createTenant(t);
      const keys: string[] = [];
      for (let i = 0; i < 12; i++) keys.push(await createLicense(t, owner, { license_status: i < 2 ? 'blocked' : i < 3 ? 'expired' : i < 4 ? 'pending' : 'active' }));
      await meraf(t, owner).validate(keys[11]);
      const res = await t.request('/api/dashboard-data', { headers: { 'User-API-Key': owner.apiKey } });
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual({ id: owner.id, username: owner.username, email: `${owner.username}@vendor.test`, first_name: '', last_name: '', api_key: owner.apiKey });
      expect(res.body.licenses).toHaveLength(10);
      expect(res.body.licenses[0]).toEqual({ id: expect.any(Number), license_key: keys[11], status: 'active', type: 'lifetime', customer_email: 'john@example.com', product_ref: 'my-product', date_created: expect.stringMatching(MERAF_TIME) });
      expect(res.body.statistics).toEqual({ total_licenses: 12, active_licenses: 8, expired_licenses: 1, blocked_licenses: 2, pending_licenses: 1 });
      expect(res.body.recent_activities.length).toBeLessThanOrEqual(10);
      expect(res.body.recent_activities[0]).toEqual({ license_key: keys[11], action: 'validation_attempt', timestamp: expect.stringMatching(MERAF_TIME) });
    });

    it('answers 401 without a valid User-API-Key', async () => {
      expect((await t.request('/api/dashboard-data')).status).toBe(401);
    });
  });

  describe('Swagger', () => {
    it('documents every license and activation endpoint with parameters and an example response', async () => {
      const docs = await t.request('/docs-json');
      expect(docs.status).toBe(200);
      const expected: Array<[string, string, string[]]> = [
        ['get', '/api/license/create/{secret}/data', ['secret', 'license_type', 'first_name', 'email', 'max_allowed_domains', 'date_expiry']],
        ['post', '/api/license/create/{secret}/data', ['secret']],
        ['post', '/api/license/validate/{secret}/{key}', ['secret', 'key']],
        ['get', '/api/license/validate/{secret}/{key}', ['secret', 'key']],
        ['post', '/api/license/verify/{secret}/{key}', ['secret', 'key']],
        ['get', '/api/license/all/{secret}', ['secret', 'draw', 'start', 'length', 'status', 'type', 'search']],
        ['get', '/api/license/export/{secret}', ['secret', 'status', 'type', 'search']],
        ['post', '/api/license/edit/{secret}', ['secret']],
        ['get', '/api/license/delete/{option}/{secret}/{key}', ['option', 'secret', 'key']],
        ['post', '/api/license/delete/{option}/{secret}/{key}', ['option', 'secret', 'key']],
        ['get', '/api/license/register/{type}/{name}/{secret}/{key}', ['type', 'name', 'secret', 'key']],
        ['get', '/api/license/unregister/{type}/{name}/{secret}/{key}', ['type', 'name', 'secret', 'key']],
        ['get', '/api/license/data/{secret}/{purchase_id}/{product}', ['secret', 'purchase_id', 'product']],
        ['get', '/api/license/data-by-txn/{secret}/{txn}/{product}', ['secret', 'txn', 'product']],
        ['get', '/api/license/data-by-key/{secret}/{key}', ['secret', 'key']],
        ['get', '/api/license/config/{secret}', ['secret']],
        ['get', '/api/license/generate', ['User-API-Key']],
        ['get', '/validate', ['t', 's', 'd']],
        ['get', '/api/dashboard-data', []],
        ['post', '/api/user/licenses', []],
      ];
      for (const [method, path, params] of expected) {
        const op = docs.body.paths[path]?.[method];
        expect({ path, method, found: Boolean(op) }).toEqual({ path, method, found: true });
        expect(op.summary).toEqual(expect.any(String));
        expect(op.tags.length).toBeGreaterThan(0);
        const names = (op.parameters ?? []).map((p: { name: string }) => p.name);
        for (const name of params) expect({ path, name, documented: names.includes(name) }).toEqual({ path, name, documented: true });
        const ok = op.responses['200'];
        expect({ path, example: ok?.content?.['application/json']?.schema?.example !== undefined || ok?.content?.['text/csv'] !== undefined }).toEqual({ path, example: true });
        if (method === 'post' && !path.includes('validate') && !path.includes('verify') && !path.includes('delete')) expect(op.requestBody).toBeDefined();
      }
    });
  });

  describe('activity log of license operations', () => {
    it('writes an entry with key, action, details, IP, user agent and validity for create, edit, register, unregister and delete', async () => {
      const logs = t.app.get(LogsService);
      // the audit rows are written in each write's transaction (ActivityAuditHandler)
      const activity = jest.spyOn(logs, 'writeActivityIn');
      try {
        const key = await createLicense(t, tenant);
        await api.edit({ license_key: key, first_name: 'Logged' });
        await api.register('domain', 'logged.example.com', key);
        await api.unregister('domain', 'logged.example.com', key);
        await api.delete('license_only', key);
        const entries = activity.mock.calls.flatMap((c) => c[1]).filter((e) => e.licenseKey === key);
        expect(entries.map((e) => [e.actionType, e.isValid])).toEqual([
          ['license_created', true],
          ['license_updated', true],
          ['domain_registered', true],
          ['domain_unregistered', true],
          ['license_deleted', true],
        ]);
        for (const e of entries) {
          expect(e).toMatchObject({ tenantId: tenant.id, ip: '127.0.0.1', details: expect.any(String) });
          expect(e.userAgent).toBeDefined();
        }
      } finally {
        activity.mockRestore();
      }
    });
  });
});
