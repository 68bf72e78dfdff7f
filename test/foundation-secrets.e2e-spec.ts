import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTenant, startTestApp, TEST_ADMIN_TOKEN, TestApp, TestTenant } from './helpers/test-app';

/** These suites make many (deliberately failing) requests from one IP: no rate limits, no IP blocking. */
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

/** Booting the app runs every migration on a fresh database (slower on MariaDB). */
const BOOT_TIMEOUT = 60_000;

/** Every credential value in a tenant's credential set. */
const valuesOf = (c: { apiKey: string; secretKeys: Record<string, string> }) => [c.apiKey, ...Object.values(c.secretKeys)];

/**
 * Secrets at rest and in logs: after tenants are created (service, operator API), rotated and
 * used, no plaintext credential appears in any column of any table, in the SQLite files, or in
 * any log line.
 */
describe('foundation: secrets never stored or logged in clear', () => {
  let t: TestApp;
  /** every plaintext credential ever issued in this file, rotated-away ones included */
  const secrets: string[] = [];
  let tenants: TestTenant[];
  const LICENSE = 'LK7Q2M9XW4TZ8R3VN6PB5YH0JC1DFGA2SE4UK6ML';

  beforeAll(async () => {
    t = await startTestApp({ env: NO_THROTTLING });
    tenants = [await createTenant(t), await createTenant(t)];
    for (const c of tenants) secrets.push(...valuesOf(c));

    const created = await t.request('/api/admin/tenants', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      json: { username: 'viaoperator', email: 'ops@viaoperator.test' },
    });
    expect(created.status).toBe(201);
    secrets.push(...valuesOf(created.body));

    const rotated = await t.request('/api/user/secrets/rotate', { method: 'POST', headers: { 'User-API-Key': tenants[1].apiKey } });
    expect(rotated.status).toBe(200);
    secrets.push(...valuesOf(rotated.body));
    tenants[1] = { ...tenants[1], apiKey: rotated.body.apiKey, secretKeys: rotated.body.secretKeys };

    const saved = await t.request('/api/user/settings', {
      method: 'POST',
      headers: { 'User-API-Key': tenants[0].apiKey },
      json: { licensePrefix: 'ACME-', adminEmail: 'admin@acme.test' },
    });
    expect(saved.status).toBe(200);
    expect(secrets.length).toBe(4 * 6);
  }, BOOT_TIMEOUT);
  afterAll(async () => t.close(), BOOT_TIMEOUT);

  it('stores no credential in clear in any column of any table', async () => {
    const ds = t.app.get(DataSource);
    const mysql = ds.options.type === 'mysql';
    const tables: string[] = (
      await ds.query(
        mysql
          ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()'
          : "SELECT name FROM sqlite_master WHERE type = 'table'",
      )
    ).map((r: { name?: string; NAME?: string; TABLE_NAME?: string }) => r.name ?? r.NAME ?? r.TABLE_NAME);
    expect(tables).toEqual(expect.arrayContaining(['tenants', 'tenant_credentials']));

    let cells = 0;
    const found: string[] = [];
    for (const table of tables) {
      const rows: Record<string, unknown>[] = await ds.query(mysql ? `SELECT * FROM \`${table}\`` : `SELECT * FROM "${table}"`);
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          cells++;
          const text = Buffer.isBuffer(value) ? `${value.toString('utf8')} ${value.toString('hex')}` : String(value);
          for (const secret of secrets) if (text.includes(secret)) found.push(`${table}.${column}`);
        }
      }
    }
    expect(found).toEqual([]);
    // not vacuous: 3 tenants x 6 credentials were scanned at least
    const credentialRows = await ds.query('SELECT COUNT(*) AS n FROM tenant_credentials');
    expect(Number(credentialRows[0].n)).toBe(18);
    expect(cells).toBeGreaterThan(18 * 4);
  });

  it('leaves no credential in clear in the SQLite files (database and write-ahead log)', () => {
    if (t.db.kind !== 'sqlite') return; // MariaDB: covered by the table scan above
    const files = readdirSync(t.db.dataDir).filter((f) => f.startsWith('test.db'));
    expect(files).toContain('test.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(t.db.dataDir, f))));
    expect(bytes.includes(Buffer.from('tenant_credentials'))).toBe(true);
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret))).toBe(false);
  });

  it('writes no credential, operator token, master key or license key to any log line', async () => {
    const [a, b] = tenants;
    const before = t.logs.length;
    const calls: Array<[string, RequestInit]> = [
      // secrets and license keys in the path (matched and unmatched routes)
      [`/api/license/validate/${a.secretKeys.validation}/${LICENSE}`, { method: 'POST' }],
      [`/api/license/validate/${a.secretKeys.validation}/${LICENSE}`, { method: 'GET' }],
      [`/api/license/register/domain/example.com/${a.secretKeys.activation}/${LICENSE}`, { method: 'GET' }],
      [`/api/license/create/${a.secretKeys.creation}/data?first_name=X&email=x@y.test`, { method: 'GET' }],
      [`/api/license/all/${a.secretKeys.management}`, { method: 'GET' }],
      [`/api/license/logs/${LICENSE}/${a.secretKeys.management}`, { method: 'GET' }],
      [`/api/license/data/${a.secretKeys.general}/purchase-1/product`, { method: 'GET' }],
      [`/api/info/products/${a.secretKeys.general}`, { method: 'GET' }],
      [`/api/nosuch/${a.secretKeys.general}/${LICENSE}`, { method: 'GET' }],
      [`/${a.secretKeys.general}`, { method: 'GET' }],
      [`/${a.apiKey}`, { method: 'GET' }],
      // failing auth: another tenant's key, a wrong scope
      [`/api/license/validate/${a.secretKeys.creation}/${LICENSE}`, { method: 'POST' }],
      [`/api/license/validate/${a.secretKeys.validation}/${LICENSE}`, { method: 'POST', headers: { 'User-API-Key': b.apiKey } }],
      // credentials in headers
      ['/api/user/settings', { headers: { 'User-API-Key': a.apiKey } }],
      ['/api/user/settings', { headers: { 'User-API-Key': 'ZZZZZZ' } }],
      ['/api/admin/tenants', { headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } }],
      ['/api/admin/tenants', { headers: { 'X-Admin-Token': TEST_ADMIN_TOKEN } }],
      ['/api/admin/tenants', { headers: { Authorization: `Bearer ${a.secretKeys.general}` } }],
      // credentials and license keys in the query string
      [`/validate?t=product&s=${LICENSE}&d=example.com`, { method: 'GET' }],
      [`/api/user/settings?secret=${a.secretKeys.general}&api_key=${a.apiKey}&token=${TEST_ADMIN_TOKEN}`, { headers: { 'User-API-Key': a.apiKey } }],
      [`/api/v1/license/check?license_key=${LICENSE}`, { method: 'GET' }],
      [`/api/appza/v1/license/check?license_key=${LICENSE}`, { method: 'GET' }],
      // credentials in a JSON body
      ['/api/user/settings', { method: 'POST', headers: { 'User-API-Key': a.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ secret: a.secretKeys.general }) }],
    ];
    for (const [path, init] of calls) await t.request(path, init);

    const lines = t.logs.slice(before);
    const requestLines = lines.filter((l) => JSON.parse(l).msg === 'request');
    expect(requestLines.length).toBe(calls.length);
    expect(lines.join('')).toContain('[REDACTED]');

    const forbidden = [...secrets, ...valuesOf(a), ...valuesOf(b), TEST_ADMIN_TOKEN, t.db.masterKey, LICENSE];
    const leaks = t.logs.flatMap((line) => forbidden.filter((s) => line.includes(s)).map((s) => `${s.slice(0, 6)}… in ${line.slice(0, 200)}`));
    expect(leaks).toEqual([]);
  });

  it('keeps the personal data GET create and list searches carry in their query out of the request log', async () => {
    const [a] = tenants;
    const before = t.logs.length;
    const person = { first: 'Annelise', last: 'Vanderbroek', email: 'annelise.v@customer-mail.test', company: 'Vanderbroek Holdings' };
    const query = new URLSearchParams({
      license_type: 'lifetime',
      license_status: 'active',
      first_name: person.first,
      last_name: person.last,
      email: person.email,
      company_name: person.company,
      max_allowed_domains: '1',
      max_allowed_devices: '1',
      product_ref: 'my-product',
      txn_id: 'txn-pd-1',
      purchase_id_: 'purchase-pd-1',
    });
    const created = await t.request(`/api/license/create/${a.secretKeys.creation}/data?${query}`);
    expect(created.body.result).toBe('success');
    await t.request(`/api/license/all/${a.secretKeys.management}?draw=1&search=${encodeURIComponent(person.email)}`);
    await t.request(`/api/license/export/${a.secretKeys.management}?search=${person.last}`);

    const requestLines = t.logs.slice(before).map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(3);
    const urls = requestLines.map((l) => l.req.url as string);
    for (const value of Object.values(person)) {
      for (const url of urls) expect(decodeURIComponent(url.replace(/\+/g, ' '))).not.toContain(value);
    }
    // what is not personal stays, so the line is still useful
    expect(urls[0]).toContain('license_type=lifetime');
    expect(urls[0]).toContain('first_name=[REDACTED]');
    expect(urls[0]).toContain('product_ref=my-product');
  });
});
