import { DataSource } from 'typeorm';
import { License } from '../src/licenses/entities/license.entity';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, licenseFields, meraf } from './licenses-support';

/**
 * Tenant isolation (DECISIONS A1): tenant B's secrets and User-API-Key never read, validate,
 * register on, edit, delete, list, export or log tenant A's licenses. Every endpoint is walked
 * with the other tenant's credentials; afterwards A's license is exactly as it was.
 */
describe('tenant isolation of licenses', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let asA: ReturnType<typeof meraf>;
  let asB: ReturnType<typeof meraf>;
  let keyA: string;
  let snapshot: unknown;

  const row = () => t.app.get(DataSource).getRepository(License).findOne({ where: { licenseKey: keyA } });

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    a = await createTenant(t);
    b = await createTenant(t);
    asA = meraf(t, a);
    asB = meraf(t, b);
    keyA = await createLicense(t, a, { email: 'secret-customer@a.example', purchase_id_: 'PA-1', txn_id: 'TA-1', product_ref: 'a-product', max_allowed_domains: 2 });
    expect((await asA.register('domain', 'a-site.example.com', keyA)).body.error_code).toBe(300);
    await createLicense(t, b, { product_ref: 'a-product', purchase_id_: 'PB-1' });
    snapshot = { license: await row(), validate: (await asA.validate(keyA)).body };
  });
  afterAll(async () => t.close());

  it("does not validate A's key with B's validation secret (101, no details), on POST, GET and verify", async () => {
    for (const res of [await asB.validate(keyA), await asB.validateGet(keyA), await asB.verify(keyA)]) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 101 });
      expect(res.text).not.toContain('secret-customer');
    }
  });

  it("does not register or unregister on A's license with B's activation secret", async () => {
    expect((await asB.register('domain', 'b-site.example.com', keyA)).body.error_code).toBe(101);
    expect((await asB.register('device', 'b-device', keyA)).body.error_code).toBe(101);
    expect((await asB.unregister('domain', 'a-site.example.com', keyA)).body.error_code).toBe(101);
  });

  it("does not edit A's license with B's management secret (220)", async () => {
    const res = await asB.edit({ license_key: keyA, first_name: 'Hijacked', license_status: 'blocked' });
    expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 220 });
    expect((await asB.editForm({ license_key: keyA, email: 'evil@b.example' })).body.error_code).toBe(220);
  });

  it("does not delete A's license with B's management secret, whatever the option", async () => {
    for (const option of ['license_only', 'license_and_domains', 'license_and_devices', 'all']) {
      expect((await asB.delete(option, keyA)).body.error_code).toBe(101);
      expect((await asB.delete(option, keyA, 'POST')).body.error_code).toBe(101);
    }
  });

  it("does not list or export A's licenses for B", async () => {
    const list = await asB.list(`search=${keyA}`);
    expect(list.body).toMatchObject({ recordsTotal: 1, recordsFiltered: 0, data: [] });
    const all = await asB.list('length=500');
    expect(all.text).not.toContain(keyA);
    const csv = await asB.export();
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain(keyA);
    expect(csv.text).not.toContain('secret-customer');
  });

  it("does not find A's license through B's data lookups (204)", async () => {
    expect((await asB.data('PA-1', 'a-product')).body.error_code).toBe(204);
    expect((await asB.dataByTxn('TA-1', 'a-product')).body.error_code).toBe(204);
    expect((await asB.dataByKey(keyA)).body.error_code).toBe(204);
  });

  it("does not show A's license logs to B, and B's attempts do not land in A's logs", async () => {
    const bView = await asB.logs(keyA);
    expect(JSON.stringify(bView.body)).not.toContain('a-site.example.com');
    const aView = await asA.logs(keyA);
    expect(aView.body.result).toBe('success');
    // A's own operations so far: create, register, validate; none of B's attempts
    const entries: Array<{ action_type: string; details: string }> = aView.body.data;
    expect(entries.map((e) => e.action_type).sort()).toEqual(['domain_registered', 'license_created', 'validation_attempt']);
  });

  it("does not show A's licenses or activities on B's dashboard or in B's validation logs", async () => {
    const dash = await t.request('/api/dashboard-data', { headers: { 'User-API-Key': b.apiKey } });
    expect(dash.status).toBe(200);
    expect(dash.body.statistics.total_licenses).toBe(1);
    expect(dash.text).not.toContain('secret-customer');
    expect(dash.body.licenses.map((l: { license_key: string }) => l.license_key)).not.toContain(keyA);
    const logs = await t.request('/api/user/logs/validations?outcome=success', { headers: { 'User-API-Key': b.apiKey } });
    expect(logs.text).not.toContain('secret-customer');
  });

  it("refuses A's secret together with B's User-API-Key, and B's secret with A's header (403)", async () => {
    const mixed1 = await t.request(`/api/license/validate/${a.secretKeys.validation}/${keyA}`, { method: 'POST', headers: { 'User-API-Key': b.apiKey } });
    expect(mixed1.status).toBe(403);
    const mixed2 = await t.request(`/api/license/all/${b.secretKeys.management}`, { headers: { 'User-API-Key': a.apiKey } });
    expect(mixed2.status).toBe(403);
  });

  it("refuses a secret of the wrong scope (A's validation secret on management endpoints)", async () => {
    expect((await t.request(`/api/license/all/${a.secretKeys.validation}`)).status).toBe(403);
    expect((await t.request(`/api/license/edit/${a.secretKeys.validation}`, { method: 'POST', json: { license_key: keyA, first_name: 'X' } })).status).toBe(403);
    expect((await t.request(`/api/license/delete/all/${a.secretKeys.creation}/${keyA}`)).status).toBe(403);
    expect((await t.request(`/api/license/register/domain/x.example.com/${a.secretKeys.validation}/${keyA}`)).status).toBe(403);
  });

  it("does not let B take over A's key on create: the key is unique across tenants (200), A's license untouched", async () => {
    const res = await asB.createGet(licenseFields({ license_key: keyA, first_name: 'Hijacker' }));
    expect(res.body).toEqual({ result: 'error', message: expect.any(String), error_code: 200 });
  });

  it("leaves A's license exactly as it was", async () => {
    expect({ license: await row(), validate: (await asA.validate(keyA)).body }).toEqual(snapshot);
  });
});
