import { ConfigError, Env, int } from './env';

/** License API v1 (Fluent bridge) settings. */
export interface BridgeConfig {
  /** Upstream (FluentCart) timeout for activate, check, deactivate and version calls (FLUENT_TIMEOUT_MS, default 10000). */
  readonly timeoutMs: number;
  /** Upstream timeout for app-license-check (FLUENT_APP_CHECK_TIMEOUT_MS, default 15000). */
  readonly appCheckTimeoutMs: number;
  /** How long a product's active popup messages are cached in memory (FLUENT_POPUP_CACHE_TTL_MS, default 1 h; 0 disables). */
  readonly popupCacheTtlMs: number;
  /** Length of a free trial in days (FLUENT_TRIAL_DAYS, default 7). */
  readonly trialDays: number;
  /** Days after the trial starts until its grace period ends (FLUENT_TRIAL_GRACE_DAYS, default 14). */
  readonly trialGraceDays: number;
}

export function loadBridgeConfig(env: Env): BridgeConfig {
  const trialDays = int(env, 'FLUENT_TRIAL_DAYS', 7, 1, 3650);
  const trialGraceDays = int(env, 'FLUENT_TRIAL_GRACE_DAYS', 14, 1, 3650);
  if (trialGraceDays < trialDays) throw new ConfigError('FLUENT_TRIAL_GRACE_DAYS', `must be at least FLUENT_TRIAL_DAYS (${trialDays})`);
  return Object.freeze({
    timeoutMs: int(env, 'FLUENT_TIMEOUT_MS', 10_000, 50, 300_000),
    appCheckTimeoutMs: int(env, 'FLUENT_APP_CHECK_TIMEOUT_MS', 15_000, 50, 300_000),
    popupCacheTtlMs: int(env, 'FLUENT_POPUP_CACHE_TTL_MS', 3_600_000, 0, 86_400_000),
    trialDays,
    trialGraceDays,
  });
}
