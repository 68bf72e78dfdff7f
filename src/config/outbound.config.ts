import { bool, Env } from './env';

/** Outgoing HTTP (bridge upstreams, webhooks): README "Failure behaviour". */
export interface OutboundConfig {
  /**
   * OUTBOUND_ALLOW_PRIVATE_NETWORKS (default false): let outgoing calls reach loopback, private,
   * link-local, CGNAT and other non-public addresses. For an upstream on the operator's own
   * network, and for tests whose stand-ins listen on 127.0.0.1.
   */
  readonly allowPrivateNetworks: boolean;
}

export function loadOutboundConfig(env: Env): OutboundConfig {
  return Object.freeze({ allowPrivateNetworks: bool(env, 'OUTBOUND_ALLOW_PRIVATE_NETWORKS', false) });
}
