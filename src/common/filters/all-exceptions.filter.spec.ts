import { BadRequestException, HttpException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ContractException, InputValidationException } from '../contract.exception';
import { AUTH_FAILED_BODY } from '../presenters/meraf.presenter';
import { renderError } from './all-exceptions.filter';

const GENERIC_500 = { result: 'error', message: 'An internal error occurred. Please try again later.', error_code: 500 };

function fakeLogger() {
  const calls: unknown[][] = [];
  return { logger: { error: (...args: unknown[]) => calls.push(args) } as unknown as Logger, calls };
}

describe('renderError', () => {
  it('answers a database outage 503 with Retry-After in the contract of the path (MERAF QUERY_ERROR, v1 envelope)', () => {
    const outage = new QueryFailedError('SELECT 1', [], Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }));
    const message = 'The service is temporarily unavailable. Please try again later.';
    expect(renderError(outage, '/api/license/validate/x/y')).toEqual({
      status: 503,
      body: { result: 'error', message, error_code: 503 },
      headers: { 'Retry-After': '5' },
    });
    expect(renderError(outage, '/api/user/products')).toEqual({ status: 503, body: { result: 'error', message, error_code: 503 }, headers: { 'Retry-After': '5' } });
    expect(renderError(outage, '/api/v1/license/check')).toEqual({ status: 503, body: { status: 503, message }, headers: { 'Retry-After': '5' } });
  });

  it('passes a contract body through with its status', () => {
    expect(renderError(new ContractException({ ...AUTH_FAILED_BODY }, 403), '/api/license/validate/x/y')).toEqual({
      status: 403,
      body: { result: 'error', message: 'Request failed due to configuration restrictions.', error_code: 403 },
    });
  });

  it('lists the fields of a validation error: HTTP 400 on MERAF paths, 422 on bridge paths', () => {
    const e = new InputValidationException({ foo: ['property foo should not exist'] });
    expect(renderError(e, '/api/user/settings')).toEqual({
      status: 400,
      body: { result: 'error', message: 'Invalid request parameters.', errors: { foo: ['property foo should not exist'] }, error_code: 400 },
    });
    expect(renderError(e, '/api/v1/license/check')).toEqual({
      status: 422,
      body: { status: 422, message: 'Invalid request parameters.', errors: { foo: ['property foo should not exist'] } },
    });
  });

  it("uses an endpoint's own error code for bad input", () => {
    const e = new InputValidationException({ email: ['email must be an email'] }, { errorCode: 10 });
    expect(renderError(e, '/api/license/create/s/data').body).toMatchObject({ error_code: 10, errors: { email: ['email must be an email'] } });
  });

  it("answers unknown routes with the contract's 404 shape", () => {
    expect(renderError(new NotFoundException(), '/nope')).toEqual({
      status: 404,
      body: { result: 'error', message: 'The requested resource was not found.', error_code: 404 },
    });
    expect(renderError(new NotFoundException(), '/api/v1/nope')).toEqual({
      status: 404,
      body: { status: 404, message: 'The requested resource was not found.' },
    });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415],
    ['FST_ERR_BAD_URL', 400],
  ])('maps the Fastify client error %s to HTTP %i in the contract shape', (code, status) => {
    const rendered = renderError(Object.assign(new Error('x'), { code, statusCode: status }), '/api/user/settings');
    expect(rendered.status).toBe(status);
    expect(rendered.body).toMatchObject({ result: 'error', error_code: 400 });
  });

  it('turns a plain 400 HttpException into the generic invalid-input body', () => {
    expect(renderError(new BadRequestException('Validation failed (numeric string is expected)'), '/api/admin/tenants/x')).toEqual({
      status: 400,
      body: { result: 'error', message: 'Invalid request parameters.', error_code: 400 },
    });
  });

  it('hides an unexpected error behind the generic 500 body and logs the details', () => {
    const { logger, calls } = fakeLogger();
    const err = new Error('SQLITE_CORRUPT: database disk image is malformed at /srv/data/license.db');
    const rendered = renderError(err, '/api/user/settings', logger);
    expect(rendered).toEqual({ status: 500, body: GENERIC_500 });
    expect(JSON.stringify(rendered.body)).not.toContain('SQLITE');
    expect(calls).toHaveLength(1);
    expect((calls[0][0] as { err: Error }).err).toBe(err);
  });

  it('hides a server-side HttpException too (503 keeps its status)', () => {
    const { logger, calls } = fakeLogger();
    const rendered = renderError(new ServiceUnavailableException('pool exhausted: 20/20 connections'), '/x', logger);
    expect(rendered.status).toBe(503);
    expect(rendered.body).toEqual({ ...GENERIC_500, error_code: 503 });
    expect(calls).toHaveLength(1);
    expect(renderError(new HttpException('teapot internals', 500), '/x', logger).body).toEqual(GENERIC_500);
  });

  it('answers generic 500 on bridge paths in the bridge envelope', () => {
    expect(renderError(new Error('boom'), '/api/appza/v1/license/check')).toEqual({
      status: 500,
      body: { status: 500, message: 'An internal error occurred. Please try again later.' },
    });
  });
});
