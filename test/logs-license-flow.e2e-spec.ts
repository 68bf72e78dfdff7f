import { DataSource } from 'typeorm';
import { CryptoService } from '../src/crypto/crypto.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';

/** The license and activation endpoints write the logs that the logs endpoints read back. */
describe('logs written by the license API', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let key: string;
  const UA = { 'User-Agent': 'PluginClient/2.0' };
  const userGet = (who: TestTenant, path: string) => t.request(path, { headers: { 'User-API-Key': who.apiKey } });

  beforeAll(async () => {
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, LOG_FLUSH_INTERVAL_MS: '3600000' } });
    tenant = await createTenant(t);
    other = await createTenant(t);
    key = await createLicense(t, tenant, { product_ref: 'my-product' });
    const s = tenant.secretKeys;
    expect((await t.request(`/api/license/validate/${s.validation}/${key}`, { method: 'POST', headers: UA })).body.error_code).toBe(100);
    expect((await t.request(`/api/license/register/domain/example.com/${s.activation}/${key}`, { headers: UA })).body.error_code).toBe(300);
    expect((await meraf(t, tenant).routine({ t: 'my-product', s: key, d: 'example.com' })).body).toBe('1');
    expect((await meraf(t, tenant).routine({ t: 'my-product', s: key, d: 'not-registered.test' })).body).toBe('0');
    expect((await meraf(t, tenant).routine({ t: 'my-product', s: 'NOSUCHKEYNOSUCHKEYNOSUCHKEY', d: 'example.com' })).body).toBe('0');
  });
  afterAll(async () => t.close());

  it('a create, a validate and a register call each add an activity entry, newest first, with the hashed IP and user agent', async () => {
    const res = await meraf(t, tenant).logs(key);
    expect(res.status).toBe(200);
    const actions = res.body.data.map((e: { action_type: string }) => e.action_type);
    expect(actions).toEqual(expect.arrayContaining(['license_created', 'validation_attempt', 'domain_registered']));
    expect(actions.indexOf('domain_registered')).toBeLessThan(actions.indexOf('validation_attempt'));
    expect(actions.indexOf('validation_attempt')).toBeLessThan(actions.indexOf('license_created'));
    const validate = res.body.data.find((e: { action_type: string }) => e.action_type === 'validation_attempt');
    expect(validate).toMatchObject({ license_key: key, is_valid: 'yes', user_agent: 'PluginClient/2.0' });
    const day = new Date(validate.time.replace(' ', 'T') + 'Z');
    expect(validate.ip_address).toBe(t.app.get(CryptoService).hashIp('127.0.0.1', day));
    const register = res.body.data.find((e: { action_type: string }) => e.action_type === 'domain_registered');
    expect(register).toMatchObject({ is_valid: 'yes', user_agent: 'PluginClient/2.0' });
  });

  it('a validate call and every routine check add validation entries with their outcome', async () => {
    const ok = await userGet(tenant, `/api/user/logs/validations?outcome=success&license_key=${key}`);
    expect(ok.body.data.map((e: { source: string }) => e.source).sort()).toEqual(['routine', 'validate']);
    const routineOk = ok.body.data.find((e: { source: string }) => e.source === 'routine');
    expect(routineOk).toMatchObject({ product_ref: 'my-product', target: 'example.com', outcome: 'success' });
    const failed = await userGet(tenant, `/api/user/logs/validations?outcome=error&license_key=${key}`);
    expect(failed.body.total).toBe(1);
    expect(failed.body.data[0]).toMatchObject({ source: 'routine', target: 'not-registered.test', outcome: 'error' });
  });

  it('a routine check with an unknown key is logged without a tenant and shown to none', async () => {
    const rows = await t.app.get(DataSource).query('SELECT tenant_id, outcome FROM validation_logs WHERE license_key = ?', ['NOSUCHKEYNOSUCHKEYNOSUCHKEY']);
    expect(rows).toEqual([{ tenant_id: null, outcome: 'error' }]);
    const seen = await userGet(tenant, '/api/user/logs/validations?license_key=NOSUCHKEYNOSUCHKEYNOSUCHKEY');
    expect(seen.body.total).toBe(0);
  });

  it("another tenant's keys never see the license's logs", async () => {
    expect((await meraf(t, other).logs(key)).body).toEqual({ result: 'error', message: 'No logs found.', error_code: 204 });
    expect((await userGet(other, '/api/user/logs/validations')).body.total).toBe(0);
  });

  it('the dashboard lists the recent activities', async () => {
    const res = await userGet(tenant, '/api/dashboard-data');
    expect(res.status).toBe(200);
    expect(res.body.recent_activities[0]).toEqual({ license_key: key, action: expect.any(String), timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
  });

  it("delete option `all` removes the license's validation entries and earlier activity", async () => {
    expect((await meraf(t, tenant).delete('all', key)).body.error_code).toBe(320);
    expect((await userGet(tenant, `/api/user/logs/validations?license_key=${key}`)).body.total).toBe(0);
    const left = await meraf(t, tenant).logs(key);
    const actions = (left.body.data ?? []).map((e: { action_type: string }) => e.action_type);
    expect(actions).not.toContain('validation_attempt');
    expect(actions).not.toContain('license_created');
  });
});
