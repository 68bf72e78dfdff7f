import type { RouteOptions } from 'fastify';
import { READ_ONLY_ROUTE } from '../decorators/read-only.decorator';

/**
 * The HEAD policy: Fastify's `exposeHeadRoutes` is off (it would give every GET a HEAD twin,
 * the MERAF GETs that create, register, unregister and delete included), and this `onRoute`
 * hook lets a GET marked @ReadOnly() answer HEAD as well: the same route, hooks and headers,
 * and Node sends no body for a HEAD. A route's methods are then exactly what the router holds,
 * so the `Allow` header of a 405 (AllExceptionsFilter) lists HEAD only where HEAD is served.
 */
export function headForReadOnlyRoutes(route: RouteOptions): void {
  if (route.method !== 'GET') return;
  const config = route.config as Record<string, unknown> | undefined;
  if (config?.[READ_ONLY_ROUTE] === true) route.method = ['GET', 'HEAD'];
}
