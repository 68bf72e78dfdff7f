/**
 * Cross-module events on the one in-process bus (@nestjs/event-emitter). Publishers never
 * import listeners (licenses never import notifications, logs or security).
 */
export const LicenseEvents = {
  Created: 'license.created',
  Updated: 'license.updated',
  Activated: 'license.activated',
  Expired: 'license.expired',
  Deleted: 'license.deleted',
  DomainRegistered: 'license.domain_registered',
  DomainUnregistered: 'license.domain_unregistered',
  DeviceRegistered: 'license.device_registered',
  DeviceUnregistered: 'license.device_unregistered',
} as const;
export type LicenseEventName = (typeof LicenseEvents)[keyof typeof LicenseEvents];

/** Payload of every license event: what the spec's webhook payload needs, plus the tenant. */
export interface LicenseEventPayload {
  tenantId: number;
  event: LicenseEventName;
  /** ISO 8601 UTC */
  timestamp: string;
  data: {
    license_key: string;
    email: string;
    product_ref: string;
    /** domain or device name for (un)registration events */
    name?: string;
    type?: 'domain' | 'device';
    [field: string]: unknown;
  };
}

/**
 * A failed validation or registration attempt, for automatic IP blocking
 * (security module listens). Published by the licenses/activations services.
 */
export const SecurityEvents = {
  FailedAttempt: 'security.failed_attempt',
} as const;

export interface FailedAttemptPayload {
  /** the license key tried (may be unknown) */
  licenseKey: string;
  /** client IP as Fastify resolved it (request.ip) */
  ip: string;
  reason: string;
}
