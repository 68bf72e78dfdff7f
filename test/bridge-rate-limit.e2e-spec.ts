import { startTestApp, TestApp } from './helpers/test-app';
import { bridge, bridgeSetup, FluentStandIn } from './helpers/fluent-stand-in';

/** The License API v1 routes are in the `auth` rate-limit tier; vendor management in `management`/`info` (DECISIONS A5). */
describe('License API v1: rate-limit tiers', () => {
  let t: TestApp;
  let store: FluentStandIn;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({
      env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_AUTH: '4', RATE_LIMIT_MANAGEMENT: '100', RATE_LIMIT_INFO: '100', IP_BLOCK_ENABLED: 'false', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  it('counts the bridge endpoints in the auth tier, answering 429 in the bridge envelope, while vendor management goes on', async () => {
    const s = await bridgeSetup(t, store); // one auth-tier call (free-trial)
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await bridge(t, s.token, '/api/v1/license/app-license-check', { site_url: s.site, product: s.slug }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3].body).toMatchObject({ status: 429 });
    expect(typeof answers[3].body.message).toBe('string');
    expect((await bridge(t, s.token, '/api/appza/v1/license/check', { site_url: s.site, license_key: 'K' }, 'GET')).status).toBe(429);
    expect((await t.request('/api/user/fluent/products', { headers: s.vendor })).status).toBe(200);
    expect((await t.request('/api/user/fluent/leads', { method: 'POST', headers: s.vendor, json: { product: s.slug, domain: 'x.com', email: 'a@b.test' } })).status).toBe(201);
  });
});
