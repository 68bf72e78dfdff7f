import { DataSource } from 'typeorm';
import { FluentActivation } from '../src/fluent-bridge/entities/fluent-activation.entity';
import { FluentFreeTrial } from '../src/fluent-bridge/entities/fluent-free-trial.entity';
import { startTestApp, TestApp } from './helpers/test-app';
import { BRIDGE_TEST_ENV, bridge, bridgeSetup, FluentStandIn } from './helpers/fluent-stand-in';

/** Simultaneous activations for one site leave exactly one current activation (trial row locked first). */
describe('License API v1: concurrent activations', () => {
  let t: TestApp;
  let store: FluentStandIn;
  let ds: DataSource;

  beforeAll(async () => {
    store = await FluentStandIn.start();
    t = await startTestApp({ env: BRIDGE_TEST_ENV });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await store?.close();
  });

  async function currentRows(tenantId: number, site: string) {
    const rows = await ds.getRepository(FluentActivation).find({ where: { tenantId, siteUrl: site } });
    return { all: rows, current: rows.filter((r) => r.isCurrent) };
  }

  it('two simultaneous activations of different keys for one site store one current activation', async () => {
    const s = await bridgeSetup(t, store);
    const [a, b] = [store.addLicense({ itemId: 1771 }), store.addLicense({ itemId: 1771 })];
    const results = await Promise.all([a, b].map((l) => bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: l.key })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const { all, current } = await currentRows(s.tenant.id, s.site);
    expect(all).toHaveLength(2);
    expect(current).toHaveLength(1);
    const trial = await ds.getRepository(FluentFreeTrial).findOneByOrFail({ tenantId: s.tenant.id, siteUrl: s.site });
    expect(trial.isPremium).toBe(true);
    expect(trial.premiumActivationId).toBe(current[0].id);
  });

  it('two simultaneous activations of the same key for one site store one row', async () => {
    const s = await bridgeSetup(t, store);
    const license = store.addLicense({ itemId: 1771 });
    const results = await Promise.all([1, 2].map(() => bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: license.key })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const { all, current } = await currentRows(s.tenant.id, s.site);
    expect(all).toHaveLength(1);
    expect(current).toHaveLength(1);
  });

  it('a burst of activations of three keys on one site ends with one current activation', async () => {
    const s = await bridgeSetup(t, store);
    const keys = [1, 2, 3].map(() => store.addLicense({ itemId: 1771 }).key);
    const results = await Promise.all(
      [...keys, ...keys, ...keys].map((key) => bridge(t, s.token, '/api/v1/license/activate', { site_url: s.site, license_key: key })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const { all, current } = await currentRows(s.tenant.id, s.site);
    expect(all).toHaveLength(3);
    expect(current).toHaveLength(1);
  });

  it('simultaneous free-trial requests for one site create one trial', async () => {
    const s = await bridgeSetup(t, store, { trial: false });
    const results = await Promise.all([1, 2, 3].map(() => bridge(t, s.token, '/api/v1/license/free-trial', { site_url: s.site, email: 'a@b.test' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(await ds.getRepository(FluentFreeTrial).countBy({ tenantId: s.tenant.id, siteUrl: s.site })).toBe(1);
  });
});
