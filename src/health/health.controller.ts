import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { CheckDocs } from './health.docs';

@ApiTags('System')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  @ReadOnly()
  @RateLimitTier('none')
  @CheckDocs()
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
