import { ConfigError } from './env';
import { loadTimeoutsConfig } from './timeouts.config';

describe('loadTimeoutsConfig', () => {
  it('gives every database and Redis call a deadline of a few seconds by default', () => {
    expect(loadTimeoutsConfig({})).toEqual({ dbAcquireMs: 3000, dbQueryMs: 5000, redisCommandMs: 500 });
  });

  it('reads DB_ACQUIRE_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS and REDIS_COMMAND_TIMEOUT_MS', () => {
    expect(loadTimeoutsConfig({ DB_ACQUIRE_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '20000', REDIS_COMMAND_TIMEOUT_MS: '250' })).toEqual({
      dbAcquireMs: 1000,
      dbQueryMs: 20000,
      redisCommandMs: 250,
    });
  });

  it('refuses no deadline at all, and values that are not numbers', () => {
    expect(() => loadTimeoutsConfig({ DB_QUERY_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => loadTimeoutsConfig({ DB_ACQUIRE_TIMEOUT_MS: '3s' })).toThrow(/DB_ACQUIRE_TIMEOUT_MS must be a whole number/);
    expect(() => loadTimeoutsConfig({ REDIS_COMMAND_TIMEOUT_MS: '10' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS must be between 50 and 60000/);
  });
});
