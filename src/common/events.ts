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
