import { Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-fastify/multipart';
import { ApiTags } from '@nestjs/swagger';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { respond } from './bridge-outcome';
import { BridgeParams } from './bridge-params.decorator';
import {
  BridgeActivateParams,
  BridgeAppLicenseCheckParams,
  BridgeCheckParams,
  BridgeDeactivateParams,
  BridgeFreeTrialParams,
  BridgeVersionCheckParams,
} from './dto/bridge-params.dto';
import { FluentLicenseService } from './fluent-license.service';
import type { LeadContext } from './fluent-leads.service';
import { CurrentLead, LeadToken } from './lead-token.decorator';
import { ActivateDocs, CheckDocs, VersionCheckDocs, AppLicenseCheckDocs, DeactivateDocs, FreeTrialDocs, CheckAliasDocs, ActivateAliasDocs, DeactivateAliasDocs, VersionCheckAliasDocs, AppLicenseCheckAliasDocs } from './license-api.docs';

/**
 * The plugin License API v1 (license-api-v1.md, DECISIONS B) and the aliases deployed plugins
 * call. Thin: parameters in, one service call, the outcome through the bridge presenter.
 */
@ApiTags('License API v1 (Fluent bridge)')
@Controller()
@LeadToken()
// "a form body" is also multipart/form-data (Laravel's `$request->all()` reads it): text fields only
@UseInterceptors(NoFilesInterceptor({ limits: { fields: 32, fieldSize: 16 * 1024, files: 0, parts: 32 } }))
export class LicenseApiController {
  constructor(private readonly licenses: FluentLicenseService) {}

  @Post('api/v1/license/activate')
  @HttpCode(200)
  @RateLimitTier('auth')
  @ActivateDocs()
  async activate(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeActivateParams) p: BridgeActivateParams) {
    return respond(await this.licenses.activate(lead, p));
  }

  @Post('api/v1/license/check')
  @HttpCode(200)
  @RateLimitTier('auth')
  @CheckDocs()
  async check(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeCheckParams) p: BridgeCheckParams) {
    return respond(await this.licenses.check(lead, p));
  }

  @Post('api/v1/license/version-check')
  @HttpCode(200)
  @RateLimitTier('auth')
  @VersionCheckDocs()
  async versionCheck(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeVersionCheckParams) p: BridgeVersionCheckParams) {
    return respond(await this.licenses.versionCheck(lead, p));
  }

  @Post('api/v1/license/app-license-check')
  @HttpCode(200)
  @RateLimitTier('auth')
  @AppLicenseCheckDocs()
  async appLicenseCheck(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeAppLicenseCheckParams) p: BridgeAppLicenseCheckParams) {
    return respond(await this.licenses.appLicenseCheck(lead, p));
  }

  @Post('api/v1/license/deactivate')
  @HttpCode(200)
  @RateLimitTier('auth')
  @DeactivateDocs()
  async deactivate(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeDeactivateParams) p: BridgeDeactivateParams) {
    return respond(await this.licenses.deactivate(lead, p));
  }

  @Post('api/v1/license/free-trial')
  @HttpCode(200)
  @RateLimitTier('auth')
  @FreeTrialDocs()
  async freeTrial(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeFreeTrialParams) p: BridgeFreeTrialParams) {
    return respond(await this.licenses.freeTrial(lead, p));
  }

  // aliases deployed plugins call (DECISIONS B): same handlers

  @Get('api/appza/v1/license/check')
  @RateLimitTier('auth')
  @CheckAliasDocs()
  async checkAlias(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeCheckParams) p: BridgeCheckParams) {
    return this.check(lead, p);
  }

  @Post('api/appza/v1/license/activate')
  @HttpCode(200)
  @RateLimitTier('auth')
  @ActivateAliasDocs()
  async activateAlias(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeActivateParams) p: BridgeActivateParams) {
    return this.activate(lead, p);
  }

  @Get('api/appza/v1/license/deactivate')
  @RateLimitTier('auth')
  @DeactivateAliasDocs()
  async deactivateAlias(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeDeactivateParams) p: BridgeDeactivateParams) {
    return this.deactivate(lead, p);
  }

  @Post('api/appza/v1/license/version/check')
  @HttpCode(200)
  @RateLimitTier('auth')
  @VersionCheckAliasDocs()
  async versionCheckAlias(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeVersionCheckParams) p: BridgeVersionCheckParams) {
    return this.versionCheck(lead, p);
  }

  @Get('api/appza/v1/app/license-check')
  @RateLimitTier('auth')
  @AppLicenseCheckAliasDocs()
  async appLicenseCheckAlias(@CurrentLead() lead: LeadContext, @BridgeParams(BridgeAppLicenseCheckParams) p: BridgeAppLicenseCheckParams) {
    return this.appLicenseCheck(lead, p);
  }
}
