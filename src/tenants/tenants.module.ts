import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminTenantsController } from './admin-tenants.controller';
import { AuthGuard } from './guards/auth.guard';
import { MasterKeyCheck } from './master-key.check';
import { TenantAccountController } from './tenant-account.controller';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantAccountController, AdminTenantsController],
  providers: [TenantsService, MasterKeyCheck, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [TenantsService],
})
export class TenantsModule {}
