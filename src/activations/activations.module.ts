import { Module } from '@nestjs/common';
import { LicensesModule } from '../licenses/licenses.module';
import { LogsModule } from '../logs/logs.module';
import { ActivationsController } from './activations.controller';
import { ActivationsService } from './activations.service';
import { RoutineValidationController } from './routine-validation.controller';

@Module({
  imports: [LicensesModule, LogsModule],
  controllers: [ActivationsController, RoutineValidationController],
  providers: [ActivationsService],
  exports: [ActivationsService],
})
export class ActivationsModule {}
