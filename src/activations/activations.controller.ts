import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { InputValidationException } from '../common/contract.exception';
import { Tenant } from '../common/decorators/tenant.decorator';
import type { TenantContext } from '../common/decorators/tenant.decorator';
import { merafError, merafSuccess } from '../common/presenters/meraf.presenter';
import { MerafCode } from '../common/result-codes';
import { MESSAGES } from '../licenses/license.presenter';
import { UNUSABLE_MESSAGES } from '../licenses/license-rules';
import { requestMeta } from '../licenses/request-meta';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { SecretKey } from '../tenants/guards/auth.decorators';
import { ActivationsService, RegisterOutcome, UnregisterOutcome } from './activations.service';
import { ACTIVATION_TYPES, ActivationType } from './entities/license-activation.entity';
import { RegisterDocs, UnregisterDocs } from './activations.docs';

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
  @RegisterDocs()
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
  @UnregisterDocs()
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
