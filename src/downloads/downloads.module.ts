import { Module } from '@nestjs/common';
import { ActivationsModule } from '../activations/activations.module';
import { LicensesModule } from '../licenses/licenses.module';
import { ProductsModule } from '../products/products.module';
import { DownloadsController } from './downloads.controller';
import { DownloadsService } from './downloads.service';

/**
 * Licensed downloads of release files. A module of its own because it needs both products and
 * licenses (LicensesModule imports ProductsModule, so ProductsModule cannot import licenses).
 */
@Module({
  imports: [ProductsModule, LicensesModule, ActivationsModule],
  controllers: [DownloadsController],
  providers: [DownloadsService],
})
export class DownloadsModule {}
