import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestMeta } from '../licenses/request-meta';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { ActivationsService } from './activations.service';
import { CheckDocs } from './routine-validation.docs';

const ONE = JSON.stringify('1');
const ZERO = JSON.stringify('0');

@ApiTags('Licenses (MERAF API)')
@Controller()
export class RoutineValidationController {
  constructor(private readonly activations: ActivationsService) {}

  @Get('validate')
  @RateLimitTier('routine')
  @CheckDocs()
  async check(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const ok = await this.activations.routineCheck(query ?? {}, requestMeta(req));
    reply.type('application/json; charset=utf-8');
    return ok ? ONE : ZERO;
  }
}
