import { DataSource } from 'typeorm';
import { LogsService } from '../src/logs/logs.service';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/** Counts rows straight from the database (no flush: what is really written). */
async function countRows(t: TestApp, table: 'activity_logs' | 'validation_logs', tenantId: number): Promise<number> {
  const rows = await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`, [tenantId]);
  return Number(rows[0].n);
}

async function countDistinctDetails(t: TestApp, table: 'activity_logs' | 'validation_logs', tenantId: number): Promise<number> {
  const rows = await t.app.get(DataSource).query(`SELECT COUNT(DISTINCT details) AS n FROM ${table} WHERE tenant_id = ?`, [tenantId]);
  return Number(rows[0].n);
}

function writeEntries(logs: LogsService, tenant: TestTenant, activity: number, validation: number) {
  for (let i = 0; i < activity; i++) {
    logs.activity({ tenantId: tenant.id, licenseKey: `KEY${i % 7}`, actionType: 'validation_attempt', details: `a${i}`, ip: '192.0.2.1', isValid: i % 2 === 0 });
  }
  for (let i = 0; i < validation; i++) {
    logs.validation({ tenantId: tenant.id, licenseKey: `KEY${i % 7}`, outcome: i % 3 ? 'success' : 'error', source: 'routine', details: `v${i}`, ip: '192.0.2.1' });
  }
}

describe('logs buffer', () => {
  describe('batches and the timer', () => {
    // a short timer, so the retry after a failed batch comes quickly; batches of 100
    let t: TestApp;
    let logs: LogsService;
    beforeAll(async () => {
      t = await startTestApp({ env: { LOG_FLUSH_INTERVAL_MS: '20', LOG_FLUSH_BATCH: '100', RATE_LIMIT_ENABLED: 'false' } });
      logs = t.app.get(LogsService);
    });
    afterAll(async () => t.close());

    async function waitForRows(table: 'activity_logs' | 'validation_logs', tenantId: number, expected: number): Promise<number> {
      let written = 0;
      for (let i = 0; i < 500 && written < expected; i++) {
        await new Promise((r) => setTimeout(r, 20));
        written = await countRows(t, table, tenantId);
      }
      return written;
    }

    it('writes N entries as exactly N rows after a flush', async () => {
      const tenant = await createTenant(t);
      writeEntries(logs, tenant, 1234, 567);
      await logs.flush();
      expect(logs.pending).toBe(0);
      expect(await countRows(t, 'activity_logs', tenant.id)).toBe(1234);
      expect(await countDistinctDetails(t, 'activity_logs', tenant.id)).toBe(1234);
      expect(await countRows(t, 'validation_logs', tenant.id)).toBe(567);
      expect(await countDistinctDetails(t, 'validation_logs', tenant.id)).toBe(567);
    });

    it('writes pending entries on its own, without a read or a full batch', async () => {
      const tenant = await createTenant(t);
      writeEntries(logs, tenant, 3, 0);
      expect(await waitForRows('activity_logs', tenant.id, 3)).toBe(3);
    });

    it("writes the other tenants' entries when a tenant in the same batch was deleted meanwhile", async () => {
      const gone = await createTenant(t);
      const kept = await createTenant(t);
      writeEntries(logs, gone, 5, 5);
      writeEntries(logs, kept, 5, 5);
      await t.request(`/api/admin/tenants/${gone.id}`, { method: 'DELETE', headers: { 'X-Admin-Token': t.config.adminToken! } });
      await logs.flush();
      expect(await waitForRows('activity_logs', kept.id, 5)).toBe(5);
      expect(await waitForRows('validation_logs', kept.id, 5)).toBe(5);
      expect(await countRows(t, 'activity_logs', gone.id)).toBe(0);
    });

    it('retries a batch that failed because a tenant was deleted after its setting was cached, writing the others', async () => {
      const gone = await createTenant(t);
      const kept = await createTenant(t);
      writeEntries(logs, gone, 1, 0);
      await logs.flush(); // caches the tenant's ipLogging setting
      const seen = t.logs.length;
      await t.request(`/api/admin/tenants/${gone.id}`, { method: 'DELETE', headers: { 'X-Admin-Token': t.config.adminToken! } });
      writeEntries(logs, gone, 5, 0);
      writeEntries(logs, kept, 5, 0);
      expect(await waitForRows('activity_logs', kept.id, 5)).toBe(5);
      expect(await countRows(t, 'activity_logs', gone.id)).toBe(0);
      expect(t.logs.slice(seen).some((line) => line.includes('activity log: writing') && line.includes('will retry'))).toBe(true);
    });

    it('refuses an entry without a valid tenant id at once, so it cannot hold back a batch', async () => {
      const tenant = await createTenant(t);
      logs.activity({ tenantId: undefined as unknown as number, licenseKey: 'K', actionType: 'x', details: '', isValid: true });
      logs.validation({ tenantId: Number.NaN, licenseKey: 'K', outcome: 'error', source: 'validate', details: '' });
      writeEntries(logs, tenant, 2, 2);
      await logs.flush();
      expect(logs.pending).toBe(0);
      expect(await countRows(t, 'activity_logs', tenant.id)).toBe(2);
      expect(await countRows(t, 'validation_logs', tenant.id)).toBe(2);
      expect(t.logs.some((line) => line.includes('without a valid tenant id'))).toBe(true);
    });

    it('cuts overlong values to the column sizes instead of failing the batch', async () => {
      const tenant = await createTenant(t);
      logs.activity({ tenantId: tenant.id, licenseKey: 'K'.repeat(300), actionType: 'x'.repeat(100), details: '😀'.repeat(5000), userAgent: 'u'.repeat(2000), ip: '192.0.2.1', isValid: true });
      logs.validation({ tenantId: tenant.id, licenseKey: 'K'.repeat(300), outcome: 'error', source: 'validate', productRef: 'p'.repeat(300), target: 't'.repeat(300), details: 'd', userAgent: 'u'.repeat(2000) });
      await logs.flush();
      expect(await countRows(t, 'activity_logs', tenant.id)).toBe(1);
      expect(await countRows(t, 'validation_logs', tenant.id)).toBe(1);
      const [row] = await t.app.get(DataSource).query('SELECT license_key, user_agent FROM activity_logs WHERE tenant_id = ?', [tenant.id]);
      expect(row.license_key).toHaveLength(191);
      expect(row.user_agent).toHaveLength(512);
    });
  });

  describe('graceful shutdown', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => db.drop());

    it('loses none of 2,000 pending entries when the app closes before any flush', async () => {
      // batch of 2,000 and a one-hour timer: nothing is written until the app stops
      const first = await startTestApp({ db, env: { LOG_FLUSH_INTERVAL_MS: '3600000', LOG_FLUSH_BATCH: '2000' } });
      const tenant = await createTenant(first);
      const logs = first.app.get(LogsService);
      writeEntries(logs, tenant, 1000, 1000);
      expect(logs.pending).toBe(2000);
      expect(await countRows(first, 'activity_logs', tenant.id)).toBe(0);
      await first.app.close();

      const second = await startTestApp({ db });
      try {
        expect((await countRows(second, 'activity_logs', tenant.id)) + (await countRows(second, 'validation_logs', tenant.id))).toBe(2000);
        expect(await countDistinctDetails(second, 'activity_logs', tenant.id)).toBe(1000);
        expect(await countDistinctDetails(second, 'validation_logs', tenant.id)).toBe(1000);
      } finally {
        await second.app.close();
      }
    });

    it('loses none when batches are being written as the app closes, nor those recorded while its last requests finish', async () => {
      const first = await startTestApp({ db, env: { LOG_FLUSH_INTERVAL_MS: '3600000', LOG_FLUSH_BATCH: '500' } });
      const tenant = await createTenant(first);
      const late = await createTenant(first);
      const logs = first.app.get(LogsService);
      writeEntries(logs, tenant, 2000, 2000);
      // the first shutdown flush runs while the HTTP server still answers; entries recorded after it
      // (by requests still finishing) are written by the second, before the database closes
      await logs.beforeApplicationShutdown();
      writeEntries(logs, late, 100, 100);
      await first.app.close();

      const second = await startTestApp({ db });
      try {
        expect(await countRows(second, 'activity_logs', tenant.id)).toBe(2000);
        expect(await countRows(second, 'validation_logs', tenant.id)).toBe(2000);
        expect(await countDistinctDetails(second, 'activity_logs', tenant.id)).toBe(2000);
        expect(await countRows(second, 'activity_logs', late.id)).toBe(100);
        expect(await countRows(second, 'validation_logs', late.id)).toBe(100);
      } finally {
        await second.app.close();
      }
    });
  });
});
