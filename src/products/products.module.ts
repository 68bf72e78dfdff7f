import { Module } from '@nestjs/common';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { AppConfig } from '../config/app.config';
import { StorageModule } from '../storage/storage.module';
import { ProductInfoController } from './product-info.controller';
import { ProductInfoService } from './product-info.service';
import { ProductsService } from './products.service';
import { ReleaseFilesService } from './release-files.service';
import { ReleasesService } from './releases.service';
import { UserProductsController } from './user-products.controller';

/**
 * Products, variations, versions with changelogs, and release files. Does not import
 * LicensesModule (licenses import this module to check product_ref); the one question it asks
 * of the licenses table is a plain query (ProductsService.countLicenseReferences).
 */
@Module({
  imports: [
    StorageModule,
    // upload limits for FileStreamInterceptor: one file, UPLOAD_MAX_BYTES, the client's path kept so it can be refused
    MultipartModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { fileSize: config.products.uploadMaxBytes, files: 1, fields: 20, parts: 21, fieldSize: 64 * 1024 },
      }),
    }),
  ],
  controllers: [UserProductsController, ProductInfoController],
  providers: [ProductsService, ReleasesService, ReleaseFilesService, ProductInfoService],
  exports: [ProductsService, ReleasesService, ReleaseFilesService, StorageModule],
})
export class ProductsModule {}
