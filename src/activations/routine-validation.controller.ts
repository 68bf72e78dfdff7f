import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestMeta } from '../licenses/request-meta';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { ActivationsService } from './activations.service';

const ONE = JSON.stringify('1');
const ZERO = JSON.stringify('0');

@ApiTags('Licenses (MERAF API)')
@Controller()
export class RoutineValidationController {
  constructor(private readonly activations: ActivationsService) {}

  @Get('validate')
  @RateLimitTier('routine')
  @ApiOperation({
    summary: 'Routine check of a license on a domain or device (no auth)',
    description:
      'The JSON string "1" when license `s` is usable, its product_ref or item_reference equals `t`, and the normalized `d` is ' +
      'one of its registered domains or devices; else "0" (also for missing parameters and unknown keys).',
  })
  @ApiQuery({ name: 't', required: true, description: 'Product (product_ref or item_reference)', schema: { type: 'string' } })
  @ApiQuery({ name: 's', required: true, description: 'License key', schema: { type: 'string' } })
  @ApiQuery({ name: 'd', required: true, description: 'Domain or device id', schema: { type: 'string' } })
  @ApiOkResponse({ description: '"1" or "0"', schema: { type: 'string', enum: ['1', '0'], example: '1' } })
  async check(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const ok = await this.activations.routineCheck(query ?? {}, requestMeta(req));
    reply.type('application/json; charset=utf-8');
    return ok ? ONE : ZERO;
  }
}
