import { RouteConfig } from '@nestjs/platform-fastify';

/** The Fastify route-config flag that @ReadOnly() sets and the HEAD policy reads. */
export const READ_ONLY_ROUTE = 'readOnly';

/**
 * Marks a GET route whose handler changes nothing (no row written, no job run, no call made on
 * anyone's behalf): only such a route also answers HEAD (src/common/http/head-policy.ts). Every
 * other GET answers HEAD with 405, because link checkers, prefetchers and monitors send HEAD to
 * any URL they see, and MERAF has GET routes that create, register and delete.
 *
 * It is Fastify route config; a route that needs more config must put it in the same object.
 */
export const ReadOnly = () => RouteConfig({ [READ_ONLY_ROUTE]: true });
