import { ConfigError } from './env';
import { loadLogsConfig } from './logs.config';

describe('logs config', () => {
  it('has the documented defaults', () => {
    expect(loadLogsConfig({})).toEqual({ flushIntervalMs: 1000, flushBatch: 100, flushMaxRetries: 8, bufferMax: 100_000, settingsCacheMs: 5000 });
  });

  it('reads the variables', () => {
    const c = loadLogsConfig({ LOG_FLUSH_INTERVAL_MS: '250', LOG_FLUSH_BATCH: '300', LOG_FLUSH_MAX_RETRIES: '3', LOG_BUFFER_MAX: '5000', LOG_SETTINGS_CACHE_MS: '0' });
    expect(c).toEqual({ flushIntervalMs: 250, flushBatch: 300, flushMaxRetries: 3, bufferMax: 5000, settingsCacheMs: 0 });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadLogsConfig({ LOG_FLUSH_BATCH: '0' })).toThrow(ConfigError);
    expect(() => loadLogsConfig({ LOG_FLUSH_BATCH: '2001' })).toThrow(/LOG_FLUSH_BATCH/);
    expect(() => loadLogsConfig({ LOG_FLUSH_INTERVAL_MS: 'soon' })).toThrow(/LOG_FLUSH_INTERVAL_MS/);
  });

  it('never keeps a buffer smaller than one batch', () => {
    expect(loadLogsConfig({ LOG_FLUSH_BATCH: '800', LOG_BUFFER_MAX: '10' }).bufferMax).toBe(800);
  });
});
