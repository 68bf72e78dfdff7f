import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { TenantsModule } from '../tenants/tenants.module';
import { FluentLeadsService } from './fluent-leads.service';
import { FluentLicenseService } from './fluent-license.service';
import { FluentManagementController } from './fluent-management.controller';
import { FluentProductsService } from './fluent-products.service';
import { LeadTokenGuard } from './lead-token.guard';
import { LicenseApiController } from './license-api.controller';
import { FluentClient } from './upstream/fluent-client';

/** The plugin License API v1 (Fluent bridge): /api/v1/license/*, its aliases, and vendor management under /api/user/fluent. */
@Module({
  imports: [TenantsModule, OutboundModule],
  controllers: [LicenseApiController, FluentManagementController],
  providers: [FluentProductsService, FluentLeadsService, FluentLicenseService, FluentClient, LeadTokenGuard],
  exports: [FluentProductsService, FluentLeadsService, FluentLicenseService],
})
export class FluentBridgeModule {}
