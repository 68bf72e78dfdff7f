import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { FluentBridgeModule } from './fluent-bridge/fluent-bridge.module';
import { HealthModule } from './health/health.module';
import { LicensesModule } from './licenses/licenses.module';
import { ActivationsModule } from './activations/activations.module';
import { LogsModule } from './logs/logs.module';
import { ProductsModule } from './products/products.module';
import { DownloadsModule } from './downloads/downloads.module';
import { SecurityModule } from './security/security.module';
import { TenantsModule } from './tenants/tenants.module';
import { OutboundModule } from './outbound/outbound.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SchedulerModule } from './scheduler/scheduler.module';

/** Wires the feature modules; nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        CryptoModule,
        OutboundModule,
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        EventsModule,
        SecurityModule, // before TenantsModule: its rate-limit guard must run before the auth guard
        TenantsModule,
        HealthModule,
        FluentBridgeModule,
        LogsModule,
        ProductsModule,
        DownloadsModule,
        LicensesModule,
        ActivationsModule,
        NotificationsModule,
        SchedulerModule,
      ],
    };
  }
}
