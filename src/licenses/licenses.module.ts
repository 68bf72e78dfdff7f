import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LogsModule } from '../logs/logs.module';
import { ProductsModule } from '../products/products.module';
import { TenantsModule } from '../tenants/tenants.module';
import { registerFormBodyParser } from './form-body';
import { LicenseLookup } from './license-lookup';
import { LicensesController } from './licenses.controller';
import { LicensesService } from './licenses.service';
import { TenantLicensesController } from './tenant-licenses.controller';

@Module({
  imports: [TenantsModule, LogsModule, ProductsModule],
  controllers: [LicensesController, TenantLicensesController],
  providers: [LicensesService, LicenseLookup],
  exports: [LicensesService],
})
export class LicensesModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (instance && typeof instance.addContentTypeParser === 'function') registerFormBodyParser(instance);
  }
}
