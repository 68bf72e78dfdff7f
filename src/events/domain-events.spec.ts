import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { DomainEventRecorder, RecordedEvent, TransactionalEventHandler } from './domain-events';

const event: RecordedEvent = { name: 'license.created', tenantId: 7, timestamp: '2026-01-01T00:00:00.000Z', data: { license_key: 'K' } };

describe('DomainEventRecorder', () => {
  it('hands every recorded event to each registered handler with the transaction manager', async () => {
    const recorder = new DomainEventRecorder(new EventEmitter2());
    const seen: Array<[EntityManager, readonly RecordedEvent[]]> = [];
    const handler: TransactionalEventHandler = { onRecorded: async (m, events) => void seen.push([m, events]) };
    recorder.register(handler);
    recorder.register(handler); // registering twice keeps one
    const manager = {} as EntityManager;
    await recorder.record(manager, [event]);
    expect(seen).toEqual([[manager, [event]]]);
  });

  it('lets a failing handler fail the transaction', async () => {
    const recorder = new DomainEventRecorder(new EventEmitter2());
    recorder.register({ onRecorded: async () => Promise.reject(new Error('disk full')) });
    await expect(recorder.record({} as EntityManager, [event])).rejects.toThrow('disk full');
  });

  it('publishes on the bus after commit in the listeners’ payload shape', () => {
    const bus = new EventEmitter2();
    const got: unknown[] = [];
    bus.on('license.created', (p) => got.push(p));
    new DomainEventRecorder(bus).publish([event]);
    expect(got).toEqual([{ tenantId: 7, event: 'license.created', timestamp: event.timestamp, data: { license_key: 'K' } }]);
  });

  it('never lets a throwing bus listener fail the request whose change it was', () => {
    const bus = new EventEmitter2();
    bus.on('license.created', () => {
      throw new Error('listener bug');
    });
    expect(() => new DomainEventRecorder(bus).publish([event])).not.toThrow();
  });
});
