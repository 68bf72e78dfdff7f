import { startTestApp, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, BridgeSetup, bridgeSetup, FluentStandIn, putProduct } from './helpers/fluent-stand-in';

/**
 * Upstream failures are mapped, never thrown raw: refused connections, answers slower than the
 * timeout, HTTP 500, garbage and truncated bodies. Timeouts are short here (FLUENT_TIMEOUT_MS=300,
 * FLUENT_APP_CHECK_TIMEOUT_MS=2000) so that the slow store exceeds them.
 */
describe('License API v1: upstream failures', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let closedUrl: string;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    closedUrl = await FluentStandIn.closedPortUrl();
    t = await startTestApp({ env: { ...BRIDGE_TEST_ENV, FLUENT_TIMEOUT_MS: '300', FLUENT_APP_CHECK_TIMEOUT_MS: '2000' } });
  });
  afterEach(() => store.reset());
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  /** A site with a premium license activated while the store was healthy. */
  async function activated(): Promise<BridgeSetup & { key: string }> {
    const s = await bridgeSetup(t, store);
    const license = store.addLicense({ itemId: 1771 });
    const res = await bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: license.key });
    expect(res.status).toBe(200);
    return { ...s, key: license.key };
  }
  const calls = (s: BridgeSetup & { key: string }) => ({
    activate: () => bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: s.key }),
    check: () => bridge(t, s.token, '/api/v1/license/check', { site_url: s.site, license_key: s.key }),
    version: () => bridge(t, s.token, '/api/v1/license/version-check', { license_key: s.key }),
    deactivate: () => bridge(t, s.token, '/api/v1/license/deactivate', { site_url: s.site, product: s.slug, appza_action: 'license_deactivate', license_key: s.key }),
    app: () => bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug }),
  });
  const UNAVAILABLE = 'License server is temporarily unavailable. Please try again later.';

  it('maps a refused connection to 500 "Failed to connect to the license server." (503 on app-license-check)', async () => {
    const s = await activated();
    await putProduct(t, s, s.slug, { api_url: closedUrl });
    const c = calls(s);
    for (const [name, call] of Object.entries({ activate: c.activate, check: c.check, version: c.version, deactivate: c.deactivate })) {
      const res = await call();
      expect({ name, status: res.status, body: res.body }).toEqual({
        name,
        status: 500,
        body: { status: 500, message: 'Failed to connect to the license server.', error_type: 'connection_error' },
      });
    }
    const app = await c.app();
    expect(app.status).toBe(503);
    expect(app.body).toEqual({ status: 503, message: UNAVAILABLE, license_type: 'invalid', data: [], popup_message: [], error_type: 'connection_error' });
  });

  it('maps an answer slower than the timeout to 500 with error_type timeout', async () => {
    const s = await activated();
    store.mode = 'slow';
    store.slowMs = 1500;
    for (const call of [calls(s).activate, calls(s).check, calls(s).version, calls(s).deactivate]) {
      const res = await call();
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: 500, message: 'Failed to connect to the license server.', error_type: 'timeout' });
    }
  });

  it('gives app-license-check its own, longer timeout', async () => {
    const s = await activated();
    store.mode = 'slow';
    store.slowMs = 800;
    expect((await calls(s).check()).status).toBe(500);
    const app = await calls(s).app();
    expect(app.status).toBe(200);
    expect(app.body.license_type).toBe('premium');
  });

  it('answers 503 on app-license-check when the store is slower than its timeout', async () => {
    const s = await activated();
    store.mode = 'slow';
    store.slowMs = 3000;
    const res = await calls(s).app();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ message: UNAVAILABLE, license_type: 'invalid', error_type: 'timeout' });
  });

  it('maps HTTP 500 from the store to 500 "The license server sent an invalid response." (503 on app-license-check)', async () => {
    const s = await activated();
    store.mode = 'http500';
    for (const call of [calls(s).activate, calls(s).check, calls(s).version, calls(s).deactivate]) {
      const res = await call();
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: 500, message: 'The license server sent an invalid response.', error_type: 'server_error' });
    }
    const app = await calls(s).app();
    expect(app.status).toBe(503);
    expect(app.body.error_type).toBe('server_error');
  });

  it('maps a body that is not JSON to a clear error', async () => {
    const s = await activated();
    store.mode = 'garbage';
    const res = await calls(s).check();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ status: 500, message: 'The license server sent an invalid response.', error_type: 'invalid_response' });
    const app = await calls(s).app();
    expect(app.status).toBe(503);
    expect(app.body.error_type).toBe('invalid_response');
  });

  it('maps a truncated body to a clear error', async () => {
    const s = await activated();
    store.mode = 'truncated';
    for (const call of [calls(s).activate, calls(s).check]) {
      const res = await call();
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: 500, message: 'The license server sent an invalid response.', error_type: 'invalid_response' });
    }
  });

  it('reads an answer that a PHP notice precedes', async () => {
    const s = await activated();
    store.mode = 'notice';
    const res = await calls(s).check();
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Your License key is valid.');
  });

  it('keeps the local state unchanged when the store fails during activation and deactivation', async () => {
    const s = await activated();
    store.mode = 'http500';
    await calls(s).deactivate();
    store.mode = 'normal';
    expect((await calls(s).check()).status).toBe(200);
    const rows = (await t.request('/api/user/fluent/activations', { headers: s.vendor })).body.data;
    expect(rows[0]).toMatchObject({ is_current: true, is_deactivated: false });
  });

  it('does not retry a check the store answered', async () => {
    const s = await activated();
    store.reset();
    store.replyOnce('check_license', 200, { status: 'invalid', error_type: 'license_error', message: 'x', success: true });
    await calls(s).check();
    expect(store.calls('check_license')).toHaveLength(1);
  });
});
