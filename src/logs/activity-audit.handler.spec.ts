import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { LicenseEvents, TenantEvents } from '../common/events';
import { DomainEventRecorder, domainEvent } from '../events/domain-events';
import { ActivityAuditHandler } from './activity-audit.handler';
import type { LogsService } from './logs.service';

type Write = Parameters<LogsService['writeActivityIn']>;

function setUp(fail?: Error) {
  const writes: Write[] = [];
  const logs = {
    writeActivityIn: async (...args: Write) => {
      writes.push(args);
      if (fail) throw fail;
    },
  } as unknown as LogsService;
  const recorder = new DomainEventRecorder(new EventEmitter2());
  const handler = new ActivityAuditHandler(recorder, logs);
  handler.onModuleInit();
  return { recorder, writes };
}

const manager = { marker: 'the transaction' } as unknown as EntityManager;
const at = new Date('2026-03-01T12:34:56.789Z');
const licenseData = { license_key: 'KEY1', email: 'a@b.test', product_ref: 'p' };
const audit = { licenseKey: 'KEY1', actionType: 'license_created', details: 'License created (lifetime, active)', ip: '192.0.2.1', userAgent: 'UA', isValid: true };

describe('ActivityAuditHandler', () => {
  it('registers with the recorder and writes one activity row per audited event, with the transaction manager and the event time', async () => {
    const { recorder, writes } = setUp();
    await recorder.record(manager, [
      domainEvent(LicenseEvents.Created, 7, licenseData, audit, at),
      domainEvent(LicenseEvents.Activated, 7, licenseData, undefined, at),
    ]);
    expect(writes).toHaveLength(1);
    const [m, entries, refresh] = writes[0];
    expect(m).toBe(manager);
    expect(entries).toEqual([{ ...audit, tenantId: 7, at }]);
    expect([...(refresh ?? [])]).toEqual([]);
  });

  it('writes nothing for events without an audit row (a delete with option all, an activation)', async () => {
    const { recorder, writes } = setUp();
    await recorder.record(manager, [domainEvent(LicenseEvents.Deleted, 7, { ...licenseData, option: 'all' }, undefined, at)]);
    expect(writes).toEqual([]);
  });

  it('reads the IP-logging mode afresh for a tenant whose settings the transaction changed', async () => {
    const { recorder, writes } = setUp();
    const row = { licenseKey: '', actionType: 'settings_updated', details: 'Settings updated: ipLogging', isValid: true };
    await recorder.record(manager, [domainEvent(TenantEvents.SettingsUpdated, 9, { changed: ['ipLogging'] }, row, at)]);
    expect(writes[0][1]).toEqual([{ ...row, tenantId: 9, at }]);
    expect([...(writes[0][2] ?? [])]).toEqual([9]);
  });

  it('fails the recording (so the change rolls back) when the row cannot be written', async () => {
    const { recorder } = setUp(new Error('disk full'));
    await expect(recorder.record(manager, [domainEvent(LicenseEvents.Created, 7, licenseData, audit, at)])).rejects.toThrow('disk full');
  });
});
