import { DataSource } from 'typeorm';
import { CryptoService } from '../src/crypto/crypto.service';
import { LogsService } from '../src/logs/logs.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';

/** How the client IP is stored: per the tenant's `ipLogging` setting (hashed by default, full, none). */
describe('logs IP address modes', () => {
  let t: TestApp;
  let logs: LogsService;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_FLUSH_INTERVAL_MS: '3600000', RATE_LIMIT_ENABLED: 'false' } });
    logs = t.app.get(LogsService);
  });
  afterAll(async () => t.close());

  async function tenantWith(mode?: 'hashed' | 'full' | 'none'): Promise<TestTenant> {
    const tenant = await createTenant(t);
    if (mode) {
      const res = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': tenant.apiKey }, json: { ipLogging: mode } });
      expect(res.status).toBe(200);
    }
    return tenant;
  }

  async function storedIps(tenant: TestTenant, ip: string): Promise<{ activity: string; validation: string; day: Date }> {
    logs.activity({ tenantId: tenant.id, licenseKey: 'IPKEY', actionType: 'license_created', details: 'x', ip, isValid: true });
    logs.validation({ tenantId: tenant.id, licenseKey: 'IPKEY', outcome: 'success', source: 'validate', details: 'x', ip });
    const activity = await t.request(`/api/license/logs/IPKEY/${tenant.secretKeys.management}`);
    const validation = await t.request('/api/user/logs/validations', { headers: { 'User-API-Key': tenant.apiKey } });
    const time: string = activity.body.data[0].time;
    return { activity: activity.body.data[0].ip_address, validation: validation.body.data[0].ip_address, day: new Date(time.replace(' ', 'T') + 'Z') };
  }

  it('stores an HMAC of the IP by default (the daily-salted CryptoService.hashIp), never the IP', async () => {
    const tenant = await tenantWith();
    const ip = '203.0.113.50';
    const stored = await storedIps(tenant, ip);
    const expected = t.app.get(CryptoService).hashIp(ip, stored.day);
    expect(stored.activity).toBe(expected);
    expect(stored.validation).toBe(expected);
    expect(stored.activity).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores the hash when the tenant chose `hashed` explicitly', async () => {
    const tenant = await tenantWith('hashed');
    const stored = await storedIps(tenant, '203.0.113.51');
    expect(stored.activity).toBe(t.app.get(CryptoService).hashIp('203.0.113.51', stored.day));
  });

  it('stores the IP itself with `full` (IPv4 and IPv6)', async () => {
    const tenant = await tenantWith('full');
    expect((await storedIps(tenant, '198.51.100.23')).activity).toBe('198.51.100.23');
    const v6 = await storedIps(tenant, '2001:db8::1');
    expect(v6.activity).toBe('2001:db8::1');
    expect(v6.validation).toBe('2001:db8::1');
  });

  it('stores nothing with `none`', async () => {
    const tenant = await tenantWith('none');
    const stored = await storedIps(tenant, '198.51.100.24');
    expect(stored.activity).toBe('');
    expect(stored.validation).toBe('');
  });

  it('stores an empty string when no IP was given', async () => {
    const tenant = await tenantWith('full');
    logs.activity({ tenantId: tenant.id, licenseKey: 'NOIP', actionType: 'license_created', details: 'x', isValid: true });
    const res = await t.request(`/api/license/logs/NOIP/${tenant.secretKeys.management}`);
    expect(res.body.data[0].ip_address).toBe('');
  });

  it('stores the hash for a validation entry that matched no tenant', async () => {
    const ip = '192.0.2.99';
    logs.validation({ tenantId: null, licenseKey: 'NOSUCHLICENSE', outcome: 'error', source: 'routine', details: 'unknown key', ip });
    await logs.flush();
    const rows = await t.app.get(DataSource).query('SELECT ip_address, created_at FROM validation_logs WHERE tenant_id IS NULL AND license_key = ?', ['NOSUCHLICENSE']);
    expect(rows).toHaveLength(1);
    const hashes = [-1, 0, 1].map((d) => t.app.get(CryptoService).hashIp(ip, new Date(Date.now() + d * 86_400_000)));
    expect(hashes).toContain(rows[0].ip_address);
  });
});
