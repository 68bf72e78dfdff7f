import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LogsModule } from './logs/logs.module';
import { ProductsModule } from './products/products.module';
import { TenantsModule } from './tenants/tenants.module';

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
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        TenantsModule,
        HealthModule,
        LogsModule,
        ProductsModule,
      ],
    };
  }
}
