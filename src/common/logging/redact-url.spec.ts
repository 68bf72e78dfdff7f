import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  const SECRET = 'Zq3sV9dLw0pX7yT2bN5mK8hJ4gF6cR1aE0uI3oP9sD2';
  const LICENSE = 'ABCDEFGHIJ0123456789ABCDEFGHIJ0123456789';

  it('redacts secret and license-key route parameters wherever they sit in the path', () => {
    expect(redactUrl(`/api/license/validate/${SECRET}/${LICENSE}`, '/api/license/validate/:secret/:key')).toBe(
      '/api/license/validate/[REDACTED]/[REDACTED]',
    );
    expect(redactUrl(`/api/license/logs/${LICENSE}/${SECRET}`, '/api/license/logs/:license_key/:secret_key')).toBe(
      '/api/license/logs/[REDACTED]/[REDACTED]',
    );
    expect(redactUrl(`/x/${SECRET}/${LICENSE}`, '/x/:secretKey/:licenseKey')).toBe('/x/[REDACTED]/[REDACTED]');
  });

  it('keeps non-secret parameters (type, domain name, option)', () => {
    expect(
      redactUrl(`/api/license/register/domain/example.com/${SECRET}/${LICENSE}`, '/api/license/register/:type/:name/:secret/:key'),
    ).toBe('/api/license/register/domain/example.com/[REDACTED]/[REDACTED]');
  });

  it('redacts wildcard segments and extra segments beyond the pattern', () => {
    expect(redactUrl(`/files/${SECRET}`, '/files/*')).toBe('/files/[REDACTED]');
    expect(redactUrl(`/api/user/settings/${SECRET}`, '/api/user/settings')).toBe('/api/user/settings/[REDACTED]');
  });

  it('keeps only the first segment of an unmatched URL, and only when it is a lower-case word', () => {
    expect(redactUrl(`/api/license/nosuch/${SECRET}/${LICENSE}`, undefined)).toBe('/api/[REDACTED]');
    expect(redactUrl(`/api/${SECRET}`, undefined)).toBe('/api/[REDACTED]');
    expect(redactUrl('/nosuch', undefined)).toBe('/nosuch');
    expect(redactUrl('/wp-login.php', undefined)).toBe('/wp-login.php');
    expect(redactUrl('/', undefined)).toBe('/');
    expect(redactUrl(`/${SECRET}`, undefined)).toBe('/[REDACTED]');
    expect(redactUrl('/K7QX2M', undefined)).toBe('/[REDACTED]');
    expect(redactUrl(`/${LICENSE}/x`, undefined)).toBe('/[REDACTED]/[REDACTED]');
  });

  it('redacts secret query values, matching keys case-insensitively and percent-encoded', () => {
    const out = redactUrl(`/validate?t=product&s=${LICENSE}&d=example.com`, '/validate');
    expect(out).toBe('/validate?t=product&s=[REDACTED]&d=example.com');
    for (const key of ['token', 'Secret', 'SECRET_KEY', 'license_key', 'licenseKey', 'api_key', 'User-API-Key', 'signature', 'password']) {
      expect(redactUrl(`/x?${key}=${SECRET}&keep=1`, '/x')).toBe(`/x?${key}=[REDACTED]&keep=1`);
    }
    expect(redactUrl(`/x?secret%5Fkey=${SECRET}`, '/x')).toBe('/x?secret%5Fkey=[REDACTED]');
    expect(redactUrl(`/nosuch/${SECRET}?key=${LICENSE}`, undefined)).toBe('/nosuch/[REDACTED]?key=[REDACTED]');
  });

  it('redacts personal data in the query: the customer fields of create/edit, bridge names and e-mails, list searches', () => {
    const create = redactUrl(
      `/api/license/create/${SECRET}/data?license_type=lifetime&first_name=John&last_name=Doe&email=john%40example.com&company_name=ACME+Inc&product_ref=p1`,
      '/api/license/create/:secret/data',
    );
    expect(create).toBe(
      '/api/license/create/[REDACTED]/data?license_type=lifetime&first_name=[REDACTED]&last_name=[REDACTED]&email=[REDACTED]&company_name=[REDACTED]&product_ref=p1',
    );
    for (const key of ['Email', 'firstName', 'LastName', 'name', 'company', 'phone', 'address', 'username', 'search', 'search%5Bvalue%5D', 'sent_to']) {
      expect(redactUrl(`/x?${key}=Jane+Roe&page=2`, '/x')).toBe(`/x?${key}=[REDACTED]&page=2`);
    }
    expect(redactUrl('/api/license/all/x?draw=1&start=0&length=10', '/api/license/all/:secret')).toBe('/api/license/all/[REDACTED]?draw=1&start=0&length=10');
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/health', '/health')).toBe('/health');
    expect(redactUrl('/api/admin/tenants?page=2', '/api/admin/tenants')).toBe('/api/admin/tenants?page=2');
  });
});
