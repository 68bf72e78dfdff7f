import { DataSource } from 'typeorm';
import { LicenseActivation } from '../src/activations/entities/license-activation.entity';
import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';
import { codes, createLicense, LICENSE_TEST_ENV, meraf } from './licenses-support';

/**
 * Activation limits are exact under concurrency (DESIGN "Rules that matter"): the limit check and
 * insert run under the license row lock, on SQLite and MariaDB, within one instance and across two.
 */
describe('activation limits under concurrency', () => {
  let t: TestApp;
  let second: TestApp;
  let tenant: TestTenant;
  let api: ReturnType<typeof meraf>;

  beforeAll(async () => {
    t = await startTestApp({ env: LICENSE_TEST_ENV });
    second = await startTestApp({ db: t.db, env: LICENSE_TEST_ENV });
    tenant = await createTenant(t);
    api = meraf(t, tenant);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const stored = (key: string, type: string) =>
    t.app.get(DataSource).getRepository(LicenseActivation).count({ where: { licenseKey: key, type: type as 'domain' } });

  it('gives exactly three 300s and forty-seven 301s for 50 parallel domain registrations on a 3-domain license', async () => {
    const key = await createLicense(t, tenant, { max_allowed_domains: 3 });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => api.register('domain', `site${i}.example.com`, key)));
    expect(codes(responses)).toEqual({ 300: 3, 301: 47 });
    expect(await stored(key, 'domain')).toBe(3);
    expect((await api.validate(key)).body.registered_domains).toHaveLength(3);
  });

  it('gives exactly three 300s and forty-seven 301s for 50 parallel device registrations on a 3-device license', async () => {
    const key = await createLicense(t, tenant, { max_allowed_devices: 3 });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => api.register('device', `device-${i}`, key)));
    expect(codes(responses)).toEqual({ 300: 3, 301: 47 });
    expect(await stored(key, 'device')).toBe(3);
    expect((await api.validate(key)).body.registered_devices).toHaveLength(3);
  });

  it('stores a domain once when the same name is registered 20 times concurrently (one 300, nineteen 302)', async () => {
    const key = await createLicense(t, tenant, { max_allowed_domains: 5 });
    // spellings that normalize to the same domain race each other too
    const names = ['example.org', 'https://www.example.org/', 'EXAMPLE.ORG.', 'http://example.org:8080/x'];
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => api.register('domain', names[i % names.length], key)));
    expect(codes(responses)).toEqual({ 300: 1, 302: 19 });
    expect(await stored(key, 'domain')).toBe(1);
  });

  it('stores a device once when the same id is registered 20 times concurrently (one 300, nineteen 302)', async () => {
    const key = await createLicense(t, tenant, { max_allowed_devices: 5 });
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.register('device', 'A1B2-C3D4', key)));
    expect(codes(responses)).toEqual({ 300: 1, 302: 19 });
    expect(await stored(key, 'device')).toBe(1);
  });

  it('keeps the limit exact when 50 parallel registrations are split across two app instances on one database', async () => {
    const key = await createLicense(t, tenant, { max_allowed_domains: 3 });
    const other = meraf(second, tenant);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? api : other).register('domain', `split${i}.example.net`, key)),
    );
    expect(codes(responses)).toEqual({ 300: 3, 301: 47 });
    expect(await stored(key, 'domain')).toBe(3);
  });

  it('counts domain and device limits separately when both are registered in parallel', async () => {
    const key = await createLicense(t, tenant, { max_allowed_domains: 2, max_allowed_devices: 1 });
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => api.register('domain', `mixed${i}.example.com`, key)),
      ...Array.from({ length: 10 }, (_, i) => api.register('device', `mixed-device-${i}`, key)),
    ]);
    expect(codes(responses.slice(0, 10))).toEqual({ 300: 2, 301: 8 });
    expect(codes(responses.slice(10))).toEqual({ 300: 1, 301: 9 });
  });

  it('refuses every parallel registration of a type whose limit is 0', async () => {
    const key = await createLicense(t, tenant, { max_allowed_domains: 0, max_allowed_devices: 0 });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => api.register(i % 2 ? 'device' : 'domain', `zero${i}.example.com`, key)));
    expect(codes(responses)).toEqual({ 301: 10 });
    expect(await stored(key, 'domain')).toBe(0);
    expect(await stored(key, 'device')).toBe(0);
  });
});
