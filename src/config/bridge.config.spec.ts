import { loadBridgeConfig } from './bridge.config';
import { ConfigError } from './env';

describe('bridge configuration', () => {
  it('defaults to 10 s and 15 s store timeouts, a 1 h popup cache, a 7-day trial and a 14-day grace date', () => {
    expect(loadBridgeConfig({})).toEqual({ timeoutMs: 10_000, appCheckTimeoutMs: 15_000, popupCacheTtlMs: 3_600_000, trialDays: 7, trialGraceDays: 14 });
  });

  it('reads the variables', () => {
    const c = loadBridgeConfig({ FLUENT_TIMEOUT_MS: '300', FLUENT_APP_CHECK_TIMEOUT_MS: '2000', FLUENT_POPUP_CACHE_TTL_MS: '0', FLUENT_TRIAL_DAYS: '3', FLUENT_TRIAL_GRACE_DAYS: '3' });
    expect(c).toEqual({ timeoutMs: 300, appCheckTimeoutMs: 2000, popupCacheTtlMs: 0, trialDays: 3, trialGraceDays: 3 });
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => loadBridgeConfig({ FLUENT_TIMEOUT_MS: 'fast' })).toThrow(/FLUENT_TIMEOUT_MS/);
    expect(() => loadBridgeConfig({ FLUENT_APP_CHECK_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => loadBridgeConfig({ FLUENT_TRIAL_DAYS: '10', FLUENT_TRIAL_GRACE_DAYS: '5' })).toThrow(/FLUENT_TRIAL_GRACE_DAYS/);
  });
});
