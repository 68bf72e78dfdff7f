import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { ReadOnly } from '../common/decorators/read-only.decorator';

@ApiTags('System')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  @ReadOnly()
  @RateLimitTier('none')
  @ApiOperation({ summary: 'Liveness and database status' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: { type: 'sqlite', status: 'up' } } } })
  @ApiServiceUnavailableResponse({ schema: { example: { status: 'error', database: { type: 'mysql', status: 'down' } } } })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const type = this.ds.options.type === 'mysql' ? 'mysql' : 'sqlite';
    let up = false;
    try {
      if (this.ds.isInitialized) {
        await Promise.race([this.ds.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
        up = true;
      }
    } catch {
      up = false;
    }
    if (!up) reply.status(503);
    return { status: up ? 'ok' : 'error', database: { type, status: up ? 'up' : 'down' } };
  }
}
