import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { LicenseLogsController } from './license-logs.controller';
import { LogsService } from './logs.service';
import { UserLogsController } from './user-logs.controller';

/** Activity and validation logs: the buffered writer, the MERAF logs endpoint and the tenant's log endpoints. */
@Module({
  imports: [TenantsModule],
  controllers: [LicenseLogsController, UserLogsController],
  providers: [LogsService],
  exports: [LogsService],
})
export class LogsModule {}
