import { createTenant, startTestApp, TestApp, TestTenant } from './helpers/test-app';

/**
 * CORS_ORIGINS lets browsers on the listed origins call the API: their preflight is answered with
 * the credential headers the API uses, before routing or rate limits; other origins get no CORS
 * headers at all. Without the variable the server sends none.
 */
const PANEL = 'https://panel.example.com';
const DEV = 'http://localhost:5173';

const preflight = (t: TestApp, path: string, origin: string, method = 'GET', headers = 'user-api-key') =>
  t.request(path, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers },
  });

const corsHeaders = (headers: Headers) => [...headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('security: CORS for the origins of CORS_ORIGINS', () => {
  describe('CORS_ORIGINS set', () => {
    let t: TestApp;
    let tenant: TestTenant;
    beforeAll(async () => {
      t = await startTestApp({ env: { CORS_ORIGINS: `${PANEL}, ${DEV}/`, RATE_LIMIT_INFO: '3', IP_BLOCK_ENABLED: 'false' } });
      tenant = await createTenant(t);
    });
    afterAll(async () => t.close());

    it('answers a listed origin\'s preflight with 204, the origin, the methods and the API\'s credential headers', async () => {
      for (const origin of [PANEL, DEV]) {
        const res = await preflight(t, '/api/user/settings', origin, 'POST', 'content-type,user-api-key');
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        expect(res.headers.get('access-control-allow-methods')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
        expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
          expect.arrayContaining(['Content-Type', 'User-API-Key', 'Authorization', 'X-Admin-Token']),
        );
        expect(res.headers.get('access-control-max-age')).toBe('600');
        expect(res.headers.get('vary')).toMatch(/Origin/);
        expect(res.text).toBe('');
      }
    });

    it('answers preflights of secret-in-path MERAF routes and the License API v1 too', async () => {
      expect((await preflight(t, `/api/license/validate/${tenant.secretKeys.validation}/SOMEKEY`, PANEL, 'POST', 'content-type')).status).toBe(204);
      expect((await preflight(t, '/api/v1/license/check', PANEL, 'POST', 'appza-hash,content-type')).status).toBe(204);
    });

    it('lets the browser read the answer of a listed origin (and the rate-limit headers)', async () => {
      const res = await t.request('/api/user/settings', { headers: { Origin: PANEL, 'User-API-Key': tenant.apiKey } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(PANEL);
      expect(res.headers.get('access-control-expose-headers')?.split(', ')).toEqual(expect.arrayContaining(['Retry-After', 'X-RateLimit-Remaining']));
      expect(res.headers.get('access-control-allow-credentials')).toBeNull(); // header credentials, no cookies
    });

    it('sends no CORS headers to another origin: its preflight is not answered as one, its reads are not shared', async () => {
      const pre = await preflight(t, '/api/user/settings', 'https://evil.example.net');
      expect(pre.status).not.toBe(204);
      expect(corsHeaders(pre.headers)).toEqual([]);
      const lookalike = await preflight(t, '/api/user/settings', 'https://panel.example.com.evil.example.net');
      expect(corsHeaders(lookalike.headers)).toEqual([]);
      const read = await t.request('/api/user/settings', { headers: { Origin: 'https://evil.example.net', 'User-API-Key': tenant.apiKey } });
      expect(corsHeaders(read.headers)).toEqual([]);
      const sameOrigin = await t.request('/health');
      expect(corsHeaders(sameOrigin.headers)).toEqual([]);
    });

    it('does not count preflights against the rate limit (they are answered before it)', async () => {
      const other = await createTenant(t);
      for (let i = 0; i < 5; i++) expect((await preflight(t, '/api/license/logs/all/x', DEV)).status).toBe(204);
      const res = await t.request(`/api/license/logs/all/${other.secretKeys.general}`, { headers: { Origin: DEV } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-remaining')).not.toBeNull();
    });
  });

  describe('CORS_ORIGINS unset (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('sends no CORS headers and answers a preflight as any OPTIONS request (405)', async () => {
      const pre = await preflight(t, '/api/user/settings', PANEL);
      expect(pre.status).toBe(405);
      expect(corsHeaders(pre.headers)).toEqual([]);
      const read = await t.request('/health', { headers: { Origin: PANEL } });
      expect(corsHeaders(read.headers)).toEqual([]);
    });
  });
});
