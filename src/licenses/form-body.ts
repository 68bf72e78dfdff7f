import type { FastifyInstance } from 'fastify';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Accepts `application/x-www-form-urlencoded` bodies (edit takes "JSON or form body"; PHP clients
 * post forms). A repeated key becomes an array, which the field parser then rejects as a wrong
 * type. Registered once per Fastify instance, whichever module gets there first.
 */
export function registerFormBodyParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser(FORM)) return;
  fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body as string)) {
      const prev = out[key];
      out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    done(null, { ...out });
  });
}
