import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ContractException } from '../common/contract.exception';
import { AppConfig } from '../config/app.config';
import { timingSafeEqualStr } from '../crypto/crypto.service';
import { CRON_TOKEN_REQUIRED_BODY } from './cron.presenter';

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The cron endpoints are open (as documented) unless CRON_TOKEN is set; then the token must come
 * as `?token=` or the `X-Cron-Token` header, compared timing-safe, else HTTP 401.
 */
@Injectable()
export class CronTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.notifications.cronToken;
    if (!expected) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: Record<string, unknown> }>>();
    const given = first(req.headers['x-cron-token']) ?? first(req.query?.token);
    if (!given || !timingSafeEqualStr(given, expected)) throw new ContractException({ ...CRON_TOKEN_REQUIRED_BODY }, 401);
    return true;
  }
}
