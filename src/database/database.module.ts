import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app.config';
import { dataSourceOptions, initializeDataSource } from './data-source';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, options: { migrate?: boolean } = {}): DynamicModule {
    const migrate = options.migrate ?? config.migrationsRun;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config),
          dataSourceFactory: (opts) => initializeDataSource(config, opts!, migrate),
        }),
      ],
    };
  }
}
