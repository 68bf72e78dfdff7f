import { Module } from '@nestjs/common';
import { LicensesModule } from '../licenses/licenses.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SecurityModule } from '../security/security.module';
import { TenantsModule } from '../tenants/tenants.module';
import { CronController } from './cron.controller';
import { CronTokenGuard } from './cron-token.guard';
import { JobLockService } from './job-lock.service';
import { SchedulerService } from './scheduler.service';

/** The cron jobs: `/cron/run/*` endpoints and the in-process schedule, behind cluster-wide locks. */
@Module({
  imports: [TenantsModule, LicensesModule, NotificationsModule, SecurityModule],
  controllers: [CronController],
  providers: [JobLockService, SchedulerService, CronTokenGuard],
  exports: [SchedulerService],
})
export class SchedulerModule {}
