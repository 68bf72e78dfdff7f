import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app.config';
import { ContractException } from '../../common/contract.exception';
import { TenantContext } from '../../common/decorators/tenant.decorator';
import { TenantsService } from '../tenants.service';
import { CredentialKind } from '../entities/tenant-credential.entity';
import { AuthRequirement } from './auth.decorators';
import { AuthGuard } from './auth.guard';

const ADMIN_TOKEN = 'operator-token-0123456789';
const ACME: TenantContext = { id: 1, username: 'acme' };
const OTHER: TenantContext = { id: 2, username: 'other' };

/** Credentials the fake directory knows: value → [kind, tenant]. */
const CREDENTIALS: Record<string, [CredentialKind, TenantContext]> = {
  ACMEVALIDATIONSECRET: ['validation', ACME],
  ACMECREATIONSECRET: ['creation', ACME],
  K7QX2M: ['api', ACME],
  OTHERVALIDATIONSECRET: ['validation', OTHER],
  Z9ZZ9Z: ['api', OTHER],
};

const tenants = {
  async resolve(kinds: readonly CredentialKind[], value: string | undefined) {
    const hit = value === undefined ? undefined : CREDENTIALS[value];
    return hit && kinds.includes(hit[0]) ? hit[1] : null;
  },
} as unknown as TenantsService;

/** Signs of guessing the guards published (automatic IP blocking). */
const published: Array<{ event: string; payload: unknown }> = [];
const events = { emit: (event: string, payload: unknown) => published.push({ event, payload }) > 0 } as unknown as EventEmitter2;

function guard(requirement: AuthRequirement | undefined, adminToken: string | undefined = ADMIN_TOKEN) {
  const reflector = { getAllAndOverride: () => requirement } as unknown as Reflector;
  return new AuthGuard(reflector, tenants, { adminToken } as AppConfig, events);
}

function context(req: { headers?: Record<string, string>; params?: Record<string, string> }) {
  const request = { ip: '203.0.113.9', headers: {}, params: {}, ...req } as Record<string, unknown>;
  const ctx = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { ctx, request };
}

/** The HTTP status and body the guard answers with, or 'allowed'. */
async function outcome(g: AuthGuard, req: Parameters<typeof context>[0]) {
  const { ctx } = context(req);
  try {
    await g.canActivate(ctx);
    return 'allowed';
  } catch (e) {
    if (e instanceof ContractException) return { status: e.getStatus(), body: e.body };
    throw e;
  }
}

const FORBIDDEN = { status: 403, body: { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 } };
const UNAUTHORIZED = {
  status: 401,
  body: { result: 'error', message: 'Authentication required. Please provide User-API-Key header.', code: 'AUTHENTICATION_REQUIRED' },
};

describe('AuthGuard: secret-key routes', () => {
  const g = guard({ kind: 'secret', scopes: ['validation'], param: 'secret' });

  it('puts the tenant the secret belongs to on the request', async () => {
    const { ctx, request } = context({ params: { secret: 'ACMEVALIDATIONSECRET' } });
    expect(await g.canActivate(ctx)).toBe(true);
    expect(request.tenant).toEqual(ACME);
  });

  it.each([
    ['missing', {}],
    ['empty', { secret: '' }],
    ['wrong', { secret: 'NOSUCHSECRETVALUE' }],
    ['of the wrong scope', { secret: 'ACMECREATIONSECRET' }],
  ])('answers 403 with the generic body for a %s secret', async (_case, params) => {
    expect(await outcome(g, { params })).toEqual(FORBIDDEN);
  });

  it('accepts a User-API-Key header of the same tenant, and an empty one as absent', async () => {
    expect(await outcome(g, { params: { secret: 'ACMEVALIDATIONSECRET' }, headers: { 'user-api-key': 'K7QX2M' } })).toBe('allowed');
    expect(await outcome(g, { params: { secret: 'ACMEVALIDATIONSECRET' }, headers: { 'user-api-key': '' } })).toBe('allowed');
  });

  it("answers 403 for another tenant's or an unknown User-API-Key header", async () => {
    expect(await outcome(g, { params: { secret: 'ACMEVALIDATIONSECRET' }, headers: { 'user-api-key': 'Z9ZZ9Z' } })).toEqual(FORBIDDEN);
    expect(await outcome(g, { params: { secret: 'ACMEVALIDATIONSECRET' }, headers: { 'user-api-key': 'AAAAAA' } })).toEqual(FORBIDDEN);
  });

  it('reads the secret from the parameter the decorator names, with any of its scopes', async () => {
    const g2 = guard({ kind: 'secret', scopes: ['creation', 'validation'], param: 'secret_key' });
    expect(await outcome(g2, { params: { secret_key: 'ACMECREATIONSECRET' } })).toBe('allowed');
    expect(await outcome(g2, { params: { secret: 'ACMECREATIONSECRET' } })).toEqual(FORBIDDEN);
  });
});

describe('AuthGuard: User-API-Key routes', () => {
  const g = guard({ kind: 'userApiKey' });

  it('resolves the tenant from the header', async () => {
    const { ctx, request } = context({ headers: { 'user-api-key': 'Z9ZZ9Z' } });
    await g.canActivate(ctx);
    expect(request.tenant).toEqual(OTHER);
  });

  it.each([
    ['missing', {}],
    ['empty', { 'user-api-key': '' }],
    ['wrong', { 'user-api-key': 'AAAAAA' }],
    ['a secret key instead of the API key', { 'user-api-key': 'ACMEVALIDATIONSECRET' }],
  ])('answers 401 AUTHENTICATION_REQUIRED when the key is %s', async (_case, headers) => {
    expect(await outcome(g, { headers })).toEqual(UNAUTHORIZED);
  });

  it('lets an optional-key route through without a tenant, or with one when the key is valid', async () => {
    const opt = guard({ kind: 'optionalUserApiKey' });
    const anonymous = context({ headers: { 'user-api-key': 'AAAAAA' } });
    expect(await opt.canActivate(anonymous.ctx)).toBe(true);
    expect(anonymous.request.tenant).toBeUndefined();
    const known = context({ headers: { 'user-api-key': 'K7QX2M' } });
    expect(await opt.canActivate(known.ctx)).toBe(true);
    expect(known.request.tenant).toEqual(ACME);
  });
});

describe('AuthGuard: operator routes', () => {
  const g = guard({ kind: 'operator' });

  it('accepts the token as Authorization: Bearer (any case) or X-Admin-Token', async () => {
    expect(await outcome(g, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).toBe('allowed');
    expect(await outcome(g, { headers: { authorization: `bearer ${ADMIN_TOKEN}` } })).toBe('allowed');
    expect(await outcome(g, { headers: { 'x-admin-token': ADMIN_TOKEN } })).toBe('allowed');
  });

  it.each([
    ['missing', {}],
    ['wrong', { authorization: 'Bearer operator-token-0123456780' }],
    ['a prefix of the token', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
    ['not a bearer token', { authorization: `Basic ${ADMIN_TOKEN}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ["a tenant's User-API-Key", { 'user-api-key': 'K7QX2M' }],
  ])('answers 401 AUTHENTICATION_REQUIRED when the token is %s', async (_case, headers) => {
    expect(await outcome(g, { headers })).toEqual(UNAUTHORIZED);
  });

  it('is closed when no ADMIN_TOKEN is configured', async () => {
    expect(await outcome(guard({ kind: 'operator' }, undefined), { headers: { authorization: 'Bearer undefined' } })).toEqual(UNAUTHORIZED);
    expect(await outcome(guard({ kind: 'operator' }, undefined), {})).toEqual(UNAUTHORIZED);
  });
});

describe('AuthGuard: signs of guessing', () => {
  const signsOf = async (g: AuthGuard, req: Parameters<typeof context>[0]) => {
    published.length = 0;
    await outcome(g, req);
    return published.map((p) => p.payload);
  };
  const secretRoute = guard({ kind: 'secret', scopes: ['validation'], param: 'secret' });

  it('publishes a wrong secret, and a wrong User-API-Key beside a right secret, with the client IP', async () => {
    expect(await signsOf(secretRoute, { params: { secret: 'NOSUCHSECRETVALUE' } })).toEqual([{ ip: '203.0.113.9', sign: 'wrong_secret' }]);
    expect(await signsOf(secretRoute, { params: { secret: 'ACMEVALIDATIONSECRET' }, headers: { 'user-api-key': 'AAAAAA' } })).toEqual([
      { ip: '203.0.113.9', sign: 'wrong_api_key' },
    ]);
  });

  it('publishes a wrong User-API-Key on required and optional key routes', async () => {
    expect(await signsOf(guard({ kind: 'userApiKey' }), { headers: { 'user-api-key': 'AAAAAA' } })).toEqual([{ ip: '203.0.113.9', sign: 'wrong_api_key' }]);
    expect(await signsOf(guard({ kind: 'optionalUserApiKey' }), { headers: { 'user-api-key': 'AAAAAA' } })).toEqual([{ ip: '203.0.113.9', sign: 'wrong_api_key' }]);
  });

  it('publishes nothing for a missing credential, a valid one, or a failed operator login', async () => {
    expect(await signsOf(secretRoute, { params: {} })).toEqual([]);
    expect(await signsOf(secretRoute, { params: { secret: 'ACMEVALIDATIONSECRET' } })).toEqual([]);
    expect(await signsOf(guard({ kind: 'userApiKey' }), {})).toEqual([]);
    expect(await signsOf(guard({ kind: 'userApiKey' }), { headers: { 'user-api-key': 'K7QX2M' } })).toEqual([]);
    expect(await signsOf(guard({ kind: 'operator' }), { headers: { authorization: 'Bearer operator-token-0123456780' } })).toEqual([]);
  });
});

describe('AuthGuard: public routes', () => {
  it('lets a route without an auth decorator through', async () => {
    expect(await outcome(guard(undefined), {})).toBe('allowed');
  });
});
