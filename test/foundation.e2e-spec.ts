import { createTenant, startTestApp, TestApp } from './helpers/test-app';

describe('foundation smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers health with the database status', async () => {
    const res = await t.request('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('resolves a User-API-Key', async () => {
    const tenant = await createTenant(t);
    const res = await t.request('/api/user/settings', { headers: { 'User-API-Key': tenant.apiKey } });
    expect(res.status).toBe(200);
    expect(res.body.settings.licenseKeyCharsCount).toBe(40);
  });
});
