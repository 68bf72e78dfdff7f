import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ContractException, InputValidationException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { Operator } from '../tenants/guards/auth.decorators';
import { CreateIpRuleDto, ListIpRulesQueryDto, UnblockIpDto } from './dto/ip-rule.dto';
import { InvalidIpRangeError, IpRuleNotFoundError, IpRulesService } from './ip-rules.service';
import { RateLimitTier } from './rate-limit-tier.decorator';
import { ReadOnly } from '../common/decorators/read-only.decorator';
import { presentIpRule } from './security.presenter';
import { ListDocs, CreateDocs, UnblockDocs, RemoveDocs } from './ip-rules.docs';

const NOT_FOUND_BODY = merafError('IP rule not found.', MerafCode.NOT_FOUND);
const badIp = (message: string) => new InputValidationException({ ip: [message] });

function parseExpiry(value: string | undefined): Date | null {
  if (value === undefined) return null;
  // a date-time without an offset is UTC (JavaScript would read it as local time)
  const date = new Date(/T[\d:.]+$/.test(value) ? `${value}Z` : value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
    throw new InputValidationException({ expires_at: ['expires_at must be a date in the future'] });
  }
  return date;
}

/** Parses `expires_at`: ISO 8601, UTC when it has no offset, in the future. */
/**
 * Operator allow/deny rules and automatic blocks. Operator routes are not throttled (like
 * /api/admin/tenants): the token is long and random, and scripts manage rules in bulk.
 */
@ApiTags('Operator: IP rules')
@Controller('api/admin/ip-rules')
@Operator()
export class IpRulesController {
  constructor(private readonly rules: IpRulesService) {}

  @Get()
  @ReadOnly()
  @RateLimitTier('none')
  @ListDocs()
  async list(@Query() query: ListIpRulesQueryDto) {
    try {
      return { result: 'success', data: (await this.rules.list({ type: query.type, ip: query.ip })).map(presentIpRule) };
    } catch (e) {
      if (e instanceof InvalidIpRangeError) throw badIp('ip must be an IPv4 or IPv6 address');
      throw e;
    }
  }

  @Post()
  @RateLimitTier('none')
  @CreateDocs()
  async create(@Body() body: CreateIpRuleDto) {
    const expiresAt = parseExpiry(body.expires_at);
    try {
      const rule = await this.rules.create({ type: body.type, ip: body.ip, note: body.note, expiresAt });
      return { result: 'success', message: 'IP rule added.', rule: presentIpRule(rule) };
    } catch (e) {
      if (e instanceof InvalidIpRangeError) throw badIp('ip must be an IPv4 or IPv6 address or CIDR range');
      throw e;
    }
  }

  @Post('unblock')
  @HttpCode(200)
  @RateLimitTier('none')
  @UnblockDocs()
  async unblock(@Body() body: UnblockIpDto) {
    let removed: number;
    try {
      removed = await this.rules.unblock(body.ip);
    } catch (e) {
      if (e instanceof InvalidIpRangeError) throw badIp('ip must be an IPv4 or IPv6 address');
      throw e;
    }
    return { result: 'success', message: removed > 0 ? 'Automatic block lifted.' : 'The address had no automatic block.', removed };
  }

  @Delete(':id')
  @RateLimitTier('none')
  @RemoveDocs()
  async remove(@Param('id') id: string) {
    if (!/^[1-9]\d{0,9}$/.test(id)) throw new InputValidationException({ id: ['id must be a positive integer'] });
    try {
      await this.rules.remove(Number(id));
      return { result: 'success', message: 'IP rule removed.' };
    } catch (e) {
      if (e instanceof IpRuleNotFoundError) throw new ContractException({ ...NOT_FOUND_BODY }, 404);
      throw e;
    }
  }
}
