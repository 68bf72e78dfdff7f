import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { merafError, merafSuccess } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { ApiInvalidInput } from '../licenses/license.swagger';
import { MESSAGES } from '../licenses/license.presenter';
import { UNUSABLE_MESSAGES } from '../licenses/license-rules';
import { requestMeta } from '../licenses/request-meta';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { ActivationsService, RegisterOutcome, UnregisterOutcome } from './activations.service';
import { ACTIVATION_TYPES, ActivationType } from './entities/license-activation.entity';

const TYPE_PARAM = ApiParam({ name: 'type', enum: ACTIVATION_TYPES });
const NAME_PARAM = ApiParam({
  name: 'name',
  description:
    'Domain (URL-encoded; lower-cased, scheme, www., port, path and trailing dot removed, IDN to punycode) or device id ' +
    '(trimmed, 1-255 printable characters, case-sensitive)',
  schema: { type: 'string' },
});
const KEY_PARAM = ApiParam({ name: 'key', description: 'License key', schema: { type: 'string' } });

const label = (type: ActivationType) => (type === 'domain' ? 'Domain' : 'Device');

function parseType(type: string): ActivationType {
  if (!(ACTIVATION_TYPES as readonly string[]).includes(type)) {
    throw new InputValidationException({ type: [`type must be one of ${ACTIVATION_TYPES.join(', ')}`] });
  }
  return type as ActivationType;
}

export function presentRegister(type: ActivationType, result: RegisterOutcome) {
  switch (result.outcome) {
    case 'registered':
      return merafSuccess(`Registration of the ${type} (${result.name}) was successful.`, MerafCode.REGISTER_SUCCESS);
    case 'already':
      return merafError(`${label(type)} (${result.name}) is already registered under the license.`, MerafCode.REGISTER_ALREADY);
    case 'limit':
      return merafError(`The allowed limit for registered ${type}s has been reached.`, MerafCode.REGISTER_LIMIT_REACHED);
    case 'not_allowed':
      return merafError(`This license does not allow registering ${type}s.`, MerafCode.REGISTER_LIMIT_REACHED);
    case 'unknown':
      return merafError(MESSAGES.NOT_FOUND, MerafCode.INVALID_LICENSE);
    case 'unusable':
      return merafError(UNUSABLE_MESSAGES[result.reason], MerafCode.INVALID_LICENSE);
    case 'invalid':
      throw new InputValidationException({ name: [result.error] });
  }
}

export function presentUnregister(type: ActivationType, result: UnregisterOutcome) {
  switch (result.outcome) {
    case 'unregistered':
      return merafSuccess(`The ${type} (${result.name}) has been unregistered from the license.`, MerafCode.UNREGISTER_SUCCESS);
    case 'not_registered':
      return merafError(`The ${type} (${result.name}) is not registered on the license.`, MerafCode.UNREGISTER_NOT_REGISTERED);
    case 'unknown':
      return merafError(MESSAGES.NOT_FOUND, MerafCode.INVALID_LICENSE);
    case 'invalid':
      throw new InputValidationException({ name: [result.error] });
  }
}

@ApiTags('Licenses (MERAF API)')
@Controller('api/license')
export class ActivationsController {
  constructor(private readonly activations: ActivationsService) {}

  @Get('register/:type/:name/:secret/:key')
  @SecretKey('activation')
  @RateLimitTier('auth')
  @ApiOperation({
    summary: 'Register a domain or device on a license',
    description:
      'error_code 300 registered; 302 already registered (result error); 301 limit reached (a limit of 0 refuses the type); ' +
      '101 unknown, pending, blocked or expired license. A bad type or name is HTTP 400.',
  })
  @TYPE_PARAM
  @NAME_PARAM
  @KEY_PARAM
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'Registration of the domain (example.com) was successful.', error_code: 300 } } })
  @ApiInvalidInput()
  async register(
    @Tenant() tenant: TenantContext,
    @Param('type') type: string,
    @Param('name') name: string,
    @Param('key') key: string,
    @Req() req: FastifyRequest,
  ) {
    const t = parseType(type);
    return presentRegister(t, await this.activations.register(tenant.id, t, name, key, requestMeta(req)));
  }

  @Get('unregister/:type/:name/:secret/:key')
  @SecretKey('activation')
  @RateLimitTier('auth')
  @ApiOperation({
    summary: 'Unregister a domain or device from a license',
    description: 'error_code 400 unregistered; 401 not registered on this license; 101 unknown license. A bad type or name is HTTP 400.',
  })
  @TYPE_PARAM
  @NAME_PARAM
  @KEY_PARAM
  @ApiOkResponse({ schema: { example: { result: 'success', message: 'The domain (example.com) has been unregistered from the license.', error_code: 400 } } })
  @ApiInvalidInput()
  async unregister(
    @Tenant() tenant: TenantContext,
    @Param('type') type: string,
    @Param('name') name: string,
    @Param('key') key: string,
    @Req() req: FastifyRequest,
  ) {
    const t = parseType(type);
    return presentUnregister(t, await this.activations.unregister(tenant.id, t, name, key, requestMeta(req)));
  }
}
