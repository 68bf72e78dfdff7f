import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantEvents } from '../common/events';
import { DomainEventRecorder, RecordedEvent, TransactionalEventHandler } from '../events/domain-events';
import { LogsService } from './logs.service';

/**
 * The activity log as a listener of domain events: writes the audit row of every recorded event
 * that has one, with the change's own transaction (so a change without its row, or a row of a
 * change that rolled back, cannot exist, also after kill -9). The row is the one the buffered
 * log would have written: same fields, the tenant's `ipLogging` mode, the event's time.
 */
@Injectable()
export class ActivityAuditHandler implements TransactionalEventHandler, OnModuleInit {
  constructor(
    private readonly recorder: DomainEventRecorder,
    private readonly logs: LogsService,
  ) {}

  onModuleInit(): void {
    this.recorder.register(this);
  }

  async onRecorded(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    const entries = [];
    for (const event of events) {
      if (event.audit) entries.push({ ...event.audit, tenantId: event.tenantId, at: new Date(event.timestamp) });
    }
    if (entries.length === 0) return;
    // a settings change may have changed the IP-logging mode: the buffered rows must not use a cached one
    const refresh = new Set(events.filter((e) => e.name === TenantEvents.SettingsUpdated).map((e) => e.tenantId));
    await this.logs.writeActivityIn(manager, entries, refresh);
  }
}
