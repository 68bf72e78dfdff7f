import type { FastifyRequest } from 'fastify';

/** Who made a request, as the logs and the security listener want it. */
export interface RequestMeta {
  /** client IP as Fastify resolved it (`request.ip`) */
  ip: string;
  userAgent?: string;
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : undefined };
}
