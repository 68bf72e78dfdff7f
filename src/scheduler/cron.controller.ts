import { applyDecorators, Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SecuredBy } from '../common/docs/security';
import { RateLimitTier } from '../security/rate-limit-tier.decorator';
import { CronTokenGuard } from './cron-token.guard';
import { cronBody, CRON_TOKEN_REQUIRED_BODY } from './cron.presenter';
import { JobName, SchedulerService } from './scheduler.service';

const CONCURRENCY_NOTE =
  ' Idempotent; a call made while the same job runs (on any instance) returns at once with a total of 0. ' +
  'Open unless CRON_TOKEN is set; then pass it as `?token=` or `X-Cron-Token`.';

function CronJob(job: JobName, summary: string, description: string, example: number) {
  return applyDecorators(
    Get(job),
    RateLimitTier('none'),
    ApiOperation({ summary, description: description + CONCURRENCY_NOTE }),
    // open unless CRON_TOKEN is set: no credential, or the token in the header or the query
    ApiSecurity({}),
    SecuredBy('CronToken', 'CronTokenQuery'),
    ApiOkResponse({ description: 'The job ran (or another run held it: total 0)', schema: { example: cronBody(job, example) } }),
    ApiUnauthorizedResponse({ description: 'CRON_TOKEN is set and the token is missing or wrong', schema: { example: CRON_TOKEN_REQUIRED_BODY } }),
  );
}

/** `GET /cron/run/{job}` (MERAF section 8, DECISIONS A4): run a scheduled job now. */
@ApiTags('Cron')
@Controller('cron/run')
@UseGuards(CronTokenGuard)
export class CronController {
  constructor(private readonly scheduler: SchedulerService) {}

  @CronJob('autoexpiry-license', 'Expire due licenses', 'Sets active trial and subscription licenses whose date_expiry has passed (UTC) to `expired`; publishes license.expired for each.', 2)
  async autoexpiry() {
    return cronBody('autoexpiry-license', (await this.scheduler.run('autoexpiry-license')).count);
  }

  @CronJob(
    'remind-expiring-license',
    'Remind owners of expiring licenses',
    'E-mails the owner of each active trial/subscription license expiring within the tenant’s `expirationReminderHours` (tenants with `sendExpiryReminders`), once per license and expiry date, and records it in the subscribers list.',
    4,
  )
  async remindExpiring() {
    return cronBody('remind-expiring-license', (await this.scheduler.run('remind-expiring-license')).count);
  }

  @CronJob('check-abusive-ips', 'Check abusive IPs', 'Automatic IP blocking happens as failures arrive, so this reports 0; kept for cron set-ups that call it.', 0)
  async checkAbusiveIps() {
    return cronBody('check-abusive-ips', (await this.scheduler.run('check-abusive-ips')).count);
  }

  @CronJob('clean-blocked-ips', 'Remove expired IP blocks', 'Deletes IP rules whose expiry has passed.', 3)
  async cleanBlockedIps() {
    return cronBody('clean-blocked-ips', (await this.scheduler.run('clean-blocked-ips')).count);
  }
}
