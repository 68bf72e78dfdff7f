import { Global, Module } from '@nestjs/common';
import { DomainEventRecorder } from './domain-events';

/** The domain-event recorder, below every feature module (it imports none of them). */
@Global()
@Module({ providers: [DomainEventRecorder], exports: [DomainEventRecorder] })
export class EventsModule {}
