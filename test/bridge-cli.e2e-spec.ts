import { processEnv, requireDist, runCli } from './helpers/spawn';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';
import { BRIDGE_TEST_ENV, bridge, FluentStandIn, freshSite } from './helpers/fluent-stand-in';

const SLOW = 60_000;

/** stdout must be exactly one JSON document on one line. */
function onlyJson(stdout: string): any {
  expect(stdout.trimEnd()).not.toContain('\n');
  return JSON.parse(stdout);
}

/** `fluent:product:set` and `fluent:lead:create` as scripts use them, against a server on the same database. */
describe('Fluent bridge: CLI', () => {
  let db: TestDatabase;
  let t: TestApp;
  let store: FluentStandIn;
  let tenant: TestTenant;
  const env = () => processEnv(db, { LOG_LEVEL: 'info' });

  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase();
    store = await FluentStandIn.start();
    t = await startTestApp({ db, env: BRIDGE_TEST_ENV });
    tenant = await createTenant(t);
  }, SLOW);
  afterAll(async () => {
    await t?.close();
    await store?.close();
    await db?.drop();
  }, SLOW);

  it('fluent:product:set creates a product, then updates only the fields given', async () => {
    const created = await runCli(['fluent:product:set', '--tenant', tenant.username, '--slug', 'appza', '--api-url', store.url, '--item-id', '1771', '--json'], env());
    expect(created.code).toBe(0);
    expect(onlyJson(created.stdout)).toMatchObject({ created: true, slug: 'appza', api_url: store.url, item_id: 1771, is_active: true });

    const updated = await runCli(['fluent:product:set', '--tenant', tenant.username, '--slug', 'appza', '--name', 'Appza', '--inactive', '--json'], env());
    expect(updated.code).toBe(0);
    expect(onlyJson(updated.stdout)).toMatchObject({ created: false, slug: 'appza', name: 'Appza', api_url: store.url, item_id: 1771, is_active: false });

    const active = await runCli(['fluent:product:set', '--tenant', tenant.username, '--slug', 'appza', '--active', '--json'], env());
    expect(onlyJson(active.stdout).is_active).toBe(true);
  }, SLOW);

  it('fluent:lead:create prints {"token":...} and the lead; the token works over HTTP and is not logged', async () => {
    const res = await runCli(
      ['fluent:lead:create', '--tenant', tenant.username, '--product', 'appza', '--domain', 'example.com', '--email', 'a@b.test', '--json'],
      env(),
    );
    expect(res.code).toBe(0);
    const out = onlyJson(res.stdout);
    expect(out).toMatchObject({ product: 'appza', domain: 'example.com', email: 'a@b.test', status: 'active' });
    expect(out.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(typeof out.id).toBe('number');
    expect(res.stderr).not.toContain(out.token);

    const site = freshSite();
    expect((await bridge(t, out.token, '/api/v1/license/free-trial', { site_url: site, email: 'a@b.test' })).status).toBe(200);
    const license = store.addLicense({ itemId: 1771 });
    const activated = await bridge(t, out.token, '/api/v1/license/activate', { site_url: site, license_key: license.key });
    expect(activated.status).toBe(200);
  }, SLOW);

  it('fails with exit 1 for an unknown tenant or product, with a usage error (exit 2) for a bad value', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['fluent:product:set', '--tenant', 'nobody', '--slug', 'appza', '--json'], 1, /No tenant "nobody"/],
      [['fluent:product:set', '--tenant', tenant.username, '--slug', 'appza', '--api-url', 'not a url', '--json'], 2, /api_url/],
      [['fluent:product:set', '--tenant', tenant.username, '--json'], 2, /--slug is required/],
      [['fluent:lead:create', '--tenant', tenant.username, '--product', 'nope', '--domain', 'x.com', '--email', 'a@b.test', '--json'], 1, /No product "nope"/],
      [['fluent:lead:create', '--tenant', tenant.username, '--product', 'appza', '--domain', 'x.com', '--email', 'bad', '--json'], 2, /email/],
    ];
    for (const [args, code, message] of cases) {
      const res = await runCli(args, env());
      expect({ args: args.join(' '), code: res.code, stdout: res.stdout }).toEqual({ args: args.join(' '), code, stdout: '' });
      expect(res.stderr).toMatch(message);
    }
  }, SLOW);
});
