import { Logger } from '@nestjs/common';

const logger = new Logger('Events');

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

/** Tenant-level changes: audited like license writes, but they name no license. */
export const TenantEvents = {
  KeysRotated: 'tenant.keys_rotated',
  SettingsUpdated: 'tenant.settings_updated',
} as const;
export type TenantEventName = (typeof TenantEvents)[keyof typeof TenantEvents];

/**
 * Activity-log action types of tenant-level changes. Their rows have license_key '' and are not
 * a license's: the MERAF logs endpoint (`all`) and the dashboard leave them out.
 */
export const TenantActivityAction = {
  KeysRotated: 'keys_rotated',
  SettingsUpdated: 'settings_updated',
} as const;
export const TENANT_ACTIVITY_ACTIONS: readonly string[] = Object.values(TenantActivityAction);

/** What each license event carries besides the license fields (LicenseEventPayload['data']). */
export interface LicenseEventExtras {
  'license.created': Record<never, never>;
  /** wire names of the fields whose value changed */
  'license.updated': { changed: string[] };
  'license.activated': Record<never, never>;
  'license.expired': Record<never, never>;
  /** the delete option: license_only, license_and_domains, license_and_devices, all */
  'license.deleted': { option: string };
  'license.domain_registered': { type: 'domain'; name: string };
  'license.domain_unregistered': { type: 'domain'; name: string };
  'license.device_registered': { type: 'device'; name: string };
  'license.device_unregistered': { type: 'device'; name: string };
}

/** What each tenant event carries. */
export interface TenantEventData {
  /** which credentials were replaced (never their values) */
  'tenant.keys_rotated': { kinds: string[] };
  /** the names of the settings whose value changed */
  'tenant.settings_updated': { changed: string[] };
}

/**
 * The typed event map (event name → its `data`) of every event a write records with
 * DomainEventRecorder.record() in its own transaction and publishes on the bus after commit.
 */
export type DomainEventMap = { [K in keyof LicenseEventExtras]: LicenseEventPayload['data'] & LicenseEventExtras[K] } & TenantEventData;
export type DomainEventName = keyof DomainEventMap;
/** compile-time check: every LicenseEvents / TenantEvents name has its entry in the map, and no more */
export const EVENT_MAP_COMPLETE: [LicenseEventName | TenantEventName] extends [DomainEventName] ? ([DomainEventName] extends [LicenseEventName | TenantEventName] ? true : never) : never = true;

/**
 * A sign that a client is guessing credentials (DECISIONS A5), for automatic IP blocking (the
 * security module listens): a license key that does not exist, or a secret key, User-API-Key or
 * lead token that matches no active tenant or lead. A refusal of a real license (limit reached,
 * expired, blocked, pending, product mismatch, not registered) is a business answer and is never
 * published. Published by the auth guards and the licenses/activations/downloads services.
 */
export const SecurityEvents = {
  GuessingSign: 'security.guessing_sign',
} as const;

export type GuessingSign = 'unknown_license_key' | 'wrong_secret' | 'wrong_api_key' | 'wrong_lead_token';

export interface GuessingSignPayload {
  /** client IP as Fastify resolved it (request.ip) */
  ip: string;
  sign: GuessingSign;
}

/** Publishes a sign of guessing; a failing listener is logged, never the caller's problem. */
export function publishGuessingSign(events: { emit(event: string, payload: unknown): boolean }, ip: string | undefined, sign: GuessingSign): void {
  if (!ip) return;
  const payload: GuessingSignPayload = { ip, sign };
  try {
    events.emit(SecurityEvents.GuessingSign, payload);
  } catch (e) {
    logger.error({ err: e, sign }, 'guessing-sign listener failed');
  }
}
