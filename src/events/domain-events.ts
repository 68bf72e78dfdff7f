import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventName } from '../common/events';

/** The audit row of a change (the activity log): written in the change's own transaction. */
export interface AuditEntry {
  /** '' for a tenant-level change (keys rotated, settings updated) */
  licenseKey: string;
  /** e.g. license_created, domain_registered, keys_rotated */
  actionType: string;
  details: string;
  ip?: string;
  userAgent?: string;
  isValid: boolean;
}

/**
 * A fact about a committed change. Recorded inside the write's transaction (so there is no
 * change without its event and no event without its change, also on kill -9), then published on
 * the in-process bus once the transaction has committed.
 */
export interface RecordedEvent {
  /** e.g. 'license.created' (LicenseEvents / TenantEvents in common/events.ts) */
  name: DomainEventName;
  tenantId: number;
  /** ISO 8601 UTC */
  timestamp: string;
  /** the event's data as listeners and webhooks see it (license fields for license events) */
  data: Record<string, unknown>;
  /** the activity-log row of the change, when it has one */
  audit?: AuditEntry;
}

/** A typed event of `name` (its `data` as DomainEventMap says), stamped now unless `at` is given. */
export function domainEvent<K extends DomainEventName>(name: K, tenantId: number, data: DomainEventMap[K], audit?: AuditEntry, at: Date = new Date()): RecordedEvent {
  return { name, tenantId, timestamp: at.toISOString(), data, ...(audit ? { audit } : {}) };
}

/**
 * A module that must write rows of its own in the same transaction as a change (the activity
 * log, the webhook outbox, the mail outbox). It registers itself with DomainEventRecorder in
 * onModuleInit; the recorder imports no feature module.
 */
export interface TransactionalEventHandler {
  /** Writes this handler's rows with `manager`. A throw rolls the change back. */
  onRecorded(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * The one place a write records its events: `record()` inside the transaction (every registered
 * handler writes its rows there), `publish()` after the commit (the in-process bus, for
 * listeners that need no transaction: caches, IP blocking, mail scheduling).
 */
@Injectable()
export class DomainEventRecorder {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers: TransactionalEventHandler[] = [];

  constructor(private readonly bus: EventEmitter2) {}

  register(handler: TransactionalEventHandler): void {
    if (!this.handlers.includes(handler)) this.handlers.push(handler);
  }

  async record(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const handler of this.handlers) await handler.onRecorded(manager, events);
  }

  /** After commit. A failing bus listener never fails the request whose change it was. */
  publish(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      try {
        this.bus.emit(event.name, { tenantId: event.tenantId, event: event.name, timestamp: event.timestamp, data: event.data });
      } catch (e) {
        this.logger.error({ err: e, event: event.name }, 'event listener failed');
      }
    }
  }
}
