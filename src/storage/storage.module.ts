import { Module } from '@nestjs/common';
import { FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';

/** The file storage behind release files: local disk (an object store can replace the provider). */
@Module({
  providers: [{ provide: FileStorage, useClass: LocalDiskStorage }],
  exports: [FileStorage],
})
export class StorageModule {}
