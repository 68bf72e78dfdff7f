import type { RouteOptions } from 'fastify';
import { headForReadOnlyRoutes } from './head-policy';
import { READ_ONLY_ROUTE } from '../decorators/read-only.decorator';

const route = (method: RouteOptions['method'], config?: Record<string, unknown>) =>
  ({ method, url: '/x', handler: () => undefined, config }) as unknown as RouteOptions;

describe('headForReadOnlyRoutes', () => {
  it('lets a GET marked read-only answer HEAD too', () => {
    const r = route('GET', { [READ_ONLY_ROUTE]: true });
    headForReadOnlyRoutes(r);
    expect(r.method).toEqual(['GET', 'HEAD']);
  });

  it('leaves an unmarked GET (create, register, delete, validate...) GET only', () => {
    for (const config of [undefined, {}, { [READ_ONLY_ROUTE]: false }, { other: true }]) {
      const r = route('GET', config);
      headForReadOnlyRoutes(r);
      expect(r.method).toBe('GET');
    }
  });

  it('never adds HEAD to another method, even when marked', () => {
    const r = route('POST', { [READ_ONLY_ROUTE]: true });
    headForReadOnlyRoutes(r);
    expect(r.method).toBe('POST');
  });
});
