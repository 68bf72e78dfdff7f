import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { LicenseEventName, LicenseEventPayload } from '../common/events';
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

/** Publishes a license event; a failing listener never fails the request that caused it. */
export function publishLicenseEvent(
  events: EventEmitter2,
  event: LicenseEventName,
  license: License,
  extra: Record<string, unknown> = {},
): void {
  const payload: LicenseEventPayload = {
    tenantId: license.tenantId,
    event,
    timestamp: new Date().toISOString(),
    data: { ...licenseEventData(license), ...extra },
  };
  try {
    events.emit(event, payload);
  } catch (e) {
    logger.error({ err: e, event }, 'license event listener failed');
  }
}
