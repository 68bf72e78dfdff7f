import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ContractException, InputValidationException } from '../common/contract.exception';
import { merafError } from '../common/presenters/meraf.presenter';
import { MerafCode, MESSAGES } from '../common/result-codes';
import { Operator } from '../tenants/guards/auth.decorators';
import { CreateIpRuleDto, ListIpRulesQueryDto, UnblockIpDto } from './dto/ip-rule.dto';
import { InvalidIpRangeError, IpRuleNotFoundError, IpRulesService, parseRuleExpiry } from './ip-rules.service';
import { RateLimitTier } from './rate-limit-tier.decorator';
import { IP_RULE_EXAMPLE, presentIpRule } from './security.presenter';

const BAD_INPUT_EXAMPLE = { result: 'error', message: MESSAGES.INVALID_INPUT, error_code: 400, errors: { ip: ['ip must be an IPv4 or IPv6 address or CIDR range'] } };
const NOT_FOUND_BODY = merafError('IP rule not found.', MerafCode.NOT_FOUND);
const badIp = (message: string) => new InputValidationException({ ip: [message] });

/** Parses `expires_at`: ISO 8601, UTC when it has no offset, in the future. */
function parseExpiry(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = parseRuleExpiry(value);
  if (!date) throw new InputValidationException({ expires_at: ['expires_at must be a date in the future'] });
  return date;
}

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
  @RateLimitTier('none')
  @ApiOperation({
    summary: 'List the active allow/deny rules and automatic blocks',
    description:
      'Automatic blocks show the blocked client in `ip` (its IPv4 address, or its IPv6 /64) and a keyed hash of it (`ip_hash`); pass `ip` to find the rules and blocks that apply to an address. Rules from IP_ALLOWLIST have `source: "config"` and no id. The CLI has the same: `ip:list`.',
  })
  @ApiOkResponse({ schema: { example: { result: 'success', data: [IP_RULE_EXAMPLE] } } })
  @ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } })
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
  @ApiOperation({ summary: 'Add an allow or deny rule for an IP or CIDR range', description: 'Takes effect at once on every instance.' })
  @ApiCreatedResponse({ schema: { example: { result: 'success', message: 'IP rule added.', rule: IP_RULE_EXAMPLE } } })
  @ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } })
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
  @ApiOperation({ summary: "Lift an address's automatic block", description: 'Takes effect at once on every instance. Deny rules are removed by id.' })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Automatic block lifted.', removed: 1 } } })
  @ApiBadRequestResponse({ schema: { example: BAD_INPUT_EXAMPLE } })
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
  @ApiOperation({ summary: 'Remove a rule or automatic block by id', description: 'Takes effect at once on every instance.' })
  @ApiParam({ name: 'id', schema: { type: 'integer', example: 7 } })
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'IP rule removed.' } } })
  @ApiNotFoundResponse({ schema: { example: NOT_FOUND_BODY } })
  @ApiBadRequestResponse({ schema: { example: { result: 'error', message: MESSAGES.INVALID_INPUT, error_code: 400, errors: { id: ['id must be a positive integer'] } } } })
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
