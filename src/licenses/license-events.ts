import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEventMap, LicenseEventExtras, LicenseEventPayload } from '../common/events';
import { AuditEntry, domainEvent, RecordedEvent } from '../events/domain-events';
import type { License } from './entities/license.entity';
import { formatMerafDate } from './license-dates';

/** Activity log action types written by the licenses and activations modules. */
export const ActivityAction = {
  Created: 'license_created',
  Updated: 'license_updated',
  Deleted: 'license_deleted',
  Validation: 'validation_attempt',
  RoutineValidation: 'routine_validation',
  DomainRegistered: 'domain_registered',
  DeviceRegistered: 'device_registered',
  RegistrationFailed: 'registration_failed',
  DomainUnregistered: 'domain_unregistered',
  DeviceUnregistered: 'device_unregistered',
  UnregistrationFailed: 'unregistration_failed',
} as const;

const logger = new Logger('LicenseEvents');

/** The license fields every event carries (what the spec's webhook payload needs, and a little more). */
export function licenseEventData(license: License): LicenseEventPayload['data'] {
  return {
    license_key: license.licenseKey,
    email: license.email,
    product_ref: license.productRef,
    license_status: license.status,
    license_type: license.type,
    first_name: license.firstName,
    last_name: license.lastName,
    date_expiry: formatMerafDate(license.dateExpiry),
  };
}


/**
 * A license event to record in the write's transaction (DomainEventRecorder.record) and publish
 * after its commit: the license fields plus the event's own, and the activity-log row when the
 * event has one.
 */
export function licenseEvent<K extends keyof LicenseEventExtras>(name: K, license: License, extra: LicenseEventExtras[K], audit?: AuditEntry, at?: Date): RecordedEvent {
  return domainEvent(name, license.tenantId, { ...licenseEventData(license), ...extra } as DomainEventMap[K], audit, at);
}
