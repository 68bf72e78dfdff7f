import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig } from '../config/app.config';
import { ConfigModule } from '../config/config.module';
import { CryptoModule } from '../crypto/crypto.module';
import { DatabaseModule } from '../database/database.module';
import { EventsModule } from '../events/events.module';
import { FluentBridgeModule } from '../fluent-bridge/fluent-bridge.module';
import { SecurityModule } from '../security/security.module';
import { LogsModule } from '../logs/logs.module';
import { TenantsModule } from '../tenants/tenants.module';

/** What the operator CLI needs: the data layer and the services its commands call (no HTTP, no jobs). */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, { migrate: true }),
        CryptoModule,
        EventEmitterModule.forRoot(),
        SecurityModule,
        EventsModule,
        TenantsModule,
        LogsModule, // the audit rows of the changes commands make (keys rotated)
        FluentBridgeModule,
      ],
    };
  }
}
