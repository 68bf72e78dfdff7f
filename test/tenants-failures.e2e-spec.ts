import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { License } from '../src/licenses/entities/license.entity';
import { LogsService } from '../src/logs/logs.service';
import { createTestDatabase, TestDatabase } from './helpers/test-db';
import { DIST_MAIN, ProcessResult, processEnv, requireDist, runCli } from './helpers/spawn';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createLicense, LICENSE_TEST_ENV, licenseFields, meraf } from './licenses-support';

/** Issue 9.6: damaged settings, unreadable credentials and a wrong MASTER_KEY are errors, never silent defaults. */
describe('tenants: damage is reported, never papered over', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...LICENSE_TEST_ENV, AUTH_CACHE_TTL_MS: '0' } });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  const settingsOf = (tenant: TestTenant) => t.request('/api/user/settings', { headers: { 'User-API-Key': tenant.apiKey } });
  const errorLines = (from: number) =>
    t.logs
      .slice(from)
      .map((l) => JSON.parse(l) as { level: number; msg?: string; err?: { message?: string } })
      .filter((l) => l.level >= 50);
  const corrupt = (tenant: TestTenant, raw: string) => ds.query('UPDATE tenants SET settings = ? WHERE id = ?', [raw, tenant.id]);

  describe('corrupt settings JSON in the database', () => {
    it('GET settings and license creation are refused with a server error logged at error level, not served with the defaults', async () => {
      const a = await createTenant(t);
      const saved = await t.request('/api/user/settings', { method: 'POST', headers: { 'User-API-Key': a.apiKey }, json: { licensePrefix: 'ACME-', ipLogging: 'none' } });
      expect(saved.status).toBe(200);
      await corrupt(a, '{"licensePrefix":"ACME-","ipLogging":"none"'); // truncated JSON

      const before = t.logs.length;
      const res = await settingsOf(a);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ result: 'error', error_code: 500 });
      expect(res.text).not.toContain('hashed'); // the defaults are not served
      const created = await meraf(t, a).createPost(licenseFields());
      expect(created.status).toBe(500);
      expect(await ds.getRepository(License).count({ where: { tenantId: a.id } })).toBe(0); // no key in the default format
      const errors = errorLines(before);
      expect(errors.some((l) => (l.err?.message ?? '').includes(`Stored settings of tenant ${a.id} are corrupt (not valid JSON)`))).toBe(true);

      // another tenant is not affected
      const b = await createTenant(t);
      expect((await settingsOf(b)).status).toBe(200);
    });

    it('a settings value of the wrong type is corrupt too', async () => {
      const a = await createTenant(t);
      await corrupt(a, '{"licenseKeyCharsCount":"forty"}');
      expect((await settingsOf(a)).status).toBe(500);
    });

    it("keeps writing the tenant's log rows, without client IPs (never more than any mode stores), and says why at error level", async () => {
      const a = await createTenant(t);
      const key = await createLicense(t, a, licenseFields());
      await corrupt(a, 'not json');
      const before = t.logs.length;
      expect((await meraf(t, a).validate(key)).status).toBe(200);
      await t.app.get(LogsService).flush();
      const rows: Array<{ ip_address: string }> = await ds.query('SELECT ip_address FROM validation_logs WHERE tenant_id = ?', [a.id]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.ip_address === '')).toBe(true);
      expect(errorLines(before).some((l) => (l.msg ?? '').includes(`Stored settings of tenant ${a.id} are corrupt`))).toBe(true);
    });
  });

  describe('a stored credential the master key cannot decrypt', () => {
    it('is a server error logged at error level naming tenant and kind (no secret), not a failed login', async () => {
      const a = await createTenant(t);
      await ds.query("UPDATE tenant_credentials SET ciphertext = ? WHERE tenant_id = ? AND kind = 'api'", [`v1.${randomBytes(48).toString('base64')}`, a.id]);
      const before = t.logs.length;
      const res = await settingsOf(a);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ result: 'error', error_code: 500 });
      const errors = errorLines(before);
      expect(errors.some((l) => (l.err?.message ?? '').includes(`The stored api credential of tenant ${a.id} cannot be decrypted`))).toBe(true);
      expect(t.logs.slice(before).join('')).not.toContain(a.apiKey);
      // the tenant's other credentials still work
      expect((await meraf(t, a).list()).status).toBe(200);
    });
  });
});

describe('start-up with a MASTER_KEY the database was not made with', () => {
  const SLOW = 60_000;
  let db: TestDatabase;
  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase();
    const created = await runCli(['tenant:create', '--username', 'acme', '--email', 'acme@vendor.test', '--json'], processEnv(db));
    expect(created.code).toBe(0);
  }, SLOW);
  afterAll(async () => db.drop(), SLOW);

  const otherKey = () => randomBytes(32).toString('hex');

  /** `node dist/src/main.js`, killed after `limitMs` if it does not exit by itself (a server that started anyway). */
  function runServer(env: Record<string, string>, limitMs = 20_000): Promise<ProcessResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [DIST_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  it('the server exits 1 with one clear line on stderr', async () => {
    const res = await runServer(processEnv(db, { PORT: '0', HOST: '127.0.0.1', MASTER_KEY: otherKey() }));
    expect(res.code).toBe(1);
    expect(res.stderr.trimEnd().split('\n')).toEqual([
      'Invalid configuration: MASTER_KEY does not decrypt the tenant credentials stored in this database: it was made with another MASTER_KEY (set the key it was made with)',
    ]);
  }, SLOW);

  it('the CLI refuses the same way', async () => {
    const res = await runCli(['tenant:list', '--json'], processEnv(db, { MASTER_KEY: otherKey() }));
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: MASTER_KEY does not decrypt/)]);
  }, SLOW);

  it('with the right key it starts (and the CLI works)', async () => {
    const res = await runCli(['tenant:list', '--json'], processEnv(db));
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('acme');
  }, SLOW);
});
