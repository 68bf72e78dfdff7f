import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { LicenseDeletedListener } from './license-deleted.listener';
import { MailService } from './mail.service';
import { NotificationsService } from './notifications.service';
import { SubscribersController } from './subscribers.controller';

/** E-mail over SMTP_URL, the per-license notification rows and the MERAF subscribers endpoint. */
@Module({
  imports: [TenantsModule],
  controllers: [SubscribersController],
  providers: [MailService, NotificationsService, LicenseDeletedListener],
  exports: [NotificationsService, MailService],
})
export class NotificationsModule {}
