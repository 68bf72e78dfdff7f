import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { ActivityAuditHandler } from './activity-audit.handler';
import { LicenseLogsController } from './license-logs.controller';
import { LogsService } from './logs.service';
import { UserLogsController } from './user-logs.controller';

/** Activity and validation logs: the audit rows written in a change's transaction (ActivityAuditHandler), the buffered writer, the MERAF logs endpoint and the tenant's log endpoints. */
@Module({
  imports: [TenantsModule],
  controllers: [LicenseLogsController, UserLogsController],
  providers: [LogsService, ActivityAuditHandler],
  exports: [LogsService],
})
export class LogsModule {}
