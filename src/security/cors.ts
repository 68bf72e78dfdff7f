import fastifyCors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CorsConfig } from '../config/cors.config';

/** The request headers browsers may send cross-origin: the API's credentials and body types. */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'User-API-Key',
  'Authorization',
  'X-Admin-Token',
  'X-Cron-Token',
  'appza-hash',
  'lazy-task-hash',
  'fcom-mobile-hash',
  'Range',
];
/** Response headers a cross-origin script may read (besides the CORS-safelisted ones). */
export const CORS_EXPOSED_HEADERS = [
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Content-Disposition',
  'Content-Range',
  'Accept-Ranges',
  'Allow',
];

/**
 * CORS for the origins of CORS_ORIGINS (nothing when it is empty). A listed origin gets its
 * preflight answered (204, before routing, guards or rate limits) and `Access-Control-Allow-Origin`
 * on every answer; any other origin gets no CORS headers, so its preflight falls through to the
 * routes (405/404 as without CORS) and the browser refuses the call. Credentials travel in headers,
 * never cookies, so `Access-Control-Allow-Credentials` is not needed.
 */
export async function installCors(app: NestFastifyApplication, config: CorsConfig): Promise<void> {
  if (config.origins.length === 0) return;
  const anyOrigin = config.origins.includes('*');
  const allowed = new Set(config.origins);
  await app.register(fastifyCors as never, {
    origin: (origin: string | undefined, cb: (err: Error | null, allow: string | boolean) => void) =>
      cb(null, origin !== undefined && (anyOrigin || allowed.has(origin)) ? origin : false),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    strictPreflight: false,
  } as never);
}
