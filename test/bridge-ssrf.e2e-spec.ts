import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { FluentProduct } from '../src/fluent-bridge/entities/fluent-product.entity';
import { BRIDGE_TEST_ENV, bridge, bridgeVendor, createLead, freshSite, putProduct } from './helpers/fluent-stand-in';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * Issue 9.4: a vendor points a bridge product's api_url at an internal JSON service on the
 * server's own network. The bridge must neither reach it (destination guard) nor, when the
 * operator allows private networks, pass anything but the protocol's fields on.
 */
const SECRET = 'INTERNAL-SECRET-4c1d';

/** An internal JSON service: answers every action like a store would, plus fields no store sends. */
async function internalService(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const action = new URL(req.url ?? '/', 'http://x').searchParams.get('fluent-cart') ?? '';
    hits.push(action);
    const planted = { internal_secret: SECRET, metadata: { iam: { key: SECRET } }, list: [SECRET] };
    const license = {
      success: true,
      status: 'valid',
      activation_limit: 5,
      activation_hash: 'hash-1',
      activations_count: 1,
      license_key: 'KEY-1',
      expiration_date: 'lifetime',
      product_id: 10,
      variation_id: 15,
      variation_title: 'Pro',
      product_title: 'Plugin',
      created_at: { date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC', extra: SECRET },
      updated_at: '2026-03-01 08:29:18',
    };
    const bodies: Record<string, unknown> = {
      activate_license: { ...license, ...planted },
      check_license: { ...license, ...planted },
      deactivate_license: { ...license, status: 'deactivated', ...planted },
      get_license_version: {
        success: true,
        new_version: '2.0.0',
        package: 'https://store.example.com/pkg.zip',
        sections: { description: 'd', changelog: 'c', secret: SECRET },
        banners: { low: 'l', high: SECRET.length > 0 ? 'h' : '' },
        icons: { '1x': 'i1', '2x': 'i2', leak: SECRET },
        ...planted,
      },
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(bodies[action] ?? planted));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe('License API v1: an api_url pointing at an internal service (SSRF)', () => {
  let internal: Awaited<ReturnType<typeof internalService>>;

  beforeAll(async () => {
    internal = await internalService();
  });
  afterAll(async () => {
    internal.server.closeAllConnections();
    await new Promise((r) => internal.server.close(r));
  });

  /**
   * A vendor, a product at `apiUrl`, a lead and a site with a free trial. The URL is written to
   * the row directly: the vendor API's URL validator already rejects some odd forms
   * (http://2130706433), and the guard must hold whatever the row holds.
   */
  async function setup(t: TestApp, apiUrl: string) {
    const v = await bridgeVendor(t);
    await putProduct(t, v, 'internal', { api_url: 'https://store.example.com', item_id: 1771 });
    await t.app.get(DataSource).getRepository(FluentProduct).update({ tenantId: v.tenant.id, slug: 'internal' }, { apiUrl });
    const { token } = await createLead(t, v, 'internal');
    const site = freshSite();
    const trial = await bridge(t, token, '/api/v1/license/free-trial', { site_url: site, email: 'a@example.com', name: 'A', product: 'internal' });
    expect(trial.status).toBe(200);
    return { token, site };
  }

  describe('by default (OUTBOUND_ALLOW_PRIVATE_NETWORKS unset)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { ...BRIDGE_TEST_ENV, OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false' } });
    });
    afterAll(async () => t.close());

    it.each(['http://127.0.0.1:PORT', 'http://localhost:PORT', 'http://0x7f000001:PORT', 'http://2130706433:PORT', 'http://0177.0.0.1:PORT', 'http://[::ffff:127.0.0.1]:PORT'])(
      'refuses to call %s: a clear configuration error, the service is never reached',
      async (template) => {
        const before = internal.hits.length;
        const { token, site } = await setup(t, template.replace('PORT', String(internal.port)));
        const res = await bridge(t, token, '/api/v1/license/activate', { site_url: site, license_key: 'KEY-1' });
        expect(res.status).toBe(422);
        expect(res.body).toEqual({ status: 422, message: 'Invalid Fluent plugin configuration.', error_type: 'destination_refused' });
        expect(res.text).not.toContain(SECRET);
        expect(internal.hits.length).toBe(before);
      },
    );

    it('refuses the metadata address 169.254.169.254 and [::1] the same way', async () => {
      for (const apiUrl of ['http://169.254.169.254/latest/meta-data/', `http://[::1]:${internal.port}`]) {
        const { token, site } = await setup(t, apiUrl);
        const res = await bridge(t, token, '/api/v1/license/activate', { site_url: site, license_key: 'KEY-1' });
        expect(res.body).toMatchObject({ status: 422, error_type: 'destination_refused' });
      }
    });
  });

  describe('with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true', () => {
    let t: TestApp;
    let token: string;
    let site: string;
    beforeAll(async () => {
      t = await startTestApp({ env: BRIDGE_TEST_ENV });
      ({ token, site } = await setup(t, `http://127.0.0.1:${internal.port}`));
    });
    afterAll(async () => t.close());

    it('activate answers only the protocol fields: nothing planted in the upstream JSON comes back', async () => {
      const res = await bridge(t, token, '/api/v1/license/activate', { site_url: site, license_key: 'KEY-1' });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SECRET);
      expect(Object.keys(res.body.data).sort()).toEqual(
        ['activation_hash', 'activation_limit', 'activations_count', 'created_at', 'expiration_date', 'license_key', 'product_id', 'product_title', 'status', 'success', 'updated_at', 'variation_id', 'variation_title'].sort(),
      );
      expect(res.body.data.created_at).toEqual({ date: '2026-03-01 08:29:18.000000', timezone_type: 3, timezone: 'UTC' });
    });

    it('check, app-license-check, version-check and deactivate pass on no planted field either', async () => {
      const check = await bridge(t, token, '/api/v1/license/check', { site_url: site, license_key: 'KEY-1' });
      expect(check.status).toBe(200);
      expect(check.text).not.toContain(SECRET);
      expect(check.body.data.internal_secret).toBeUndefined();

      const app = await bridge(t, token, '/api/v1/license/app-license-check', { site_url: site, product: 'internal' });
      expect(app.status).toBe(200);
      expect(app.body.license_type).toBe('premium');
      expect(app.text).not.toContain(SECRET);

      const version = await bridge(t, token, '/api/v1/license/version-check', { license_key: 'KEY-1' });
      expect(version.status).toBe(200);
      expect(version.text).not.toContain(SECRET);
      expect(version.body.version_data).toEqual({
        success: true,
        new_version: '2.0.0',
        package: 'https://store.example.com/pkg.zip',
        sections: { description: 'd', changelog: 'c' },
        banners: { low: 'l', high: 'h' },
        icons: { '1x': 'i1', '2x': 'i2' },
      });

      const off = await bridge(t, token, '/api/v1/license/deactivate', { site_url: site, product: 'internal', appza_action: 'license_deactivate', license_key: 'KEY-1' });
      expect(off.status).toBe(200);
      expect(off.text).not.toContain(SECRET);
      expect(off.body.data.activation_hash).toBeUndefined(); // a deactivation answer carries no hash
      expect(off.body.data.status).toBe('deactivated');
    });
  });
});
