import { Env, int } from './env';

/** Buffered log writer settings (activity and validation logs). */
export interface LogsConfig {
  /** How often pending log entries are written (LOG_FLUSH_INTERVAL_MS, default 1000). */
  readonly flushIntervalMs: number;
  /** A buffer this long is written at once, and no INSERT carries more rows (LOG_FLUSH_BATCH, default 100: smaller batches keep each synchronous SQLite write short, which bounds p99 on the validation paths). */
  readonly flushBatch: number;
  /**
   * Failed attempts of one batch before its rows are tried one by one, the rest dropped with an error
   * (LOG_FLUSH_MAX_RETRIES, default 8). Attempts back off: 1, 2, 4, ... flush intervals, so the
   * default rides out a database outage of about two minutes.
   */
  readonly flushMaxRetries: number;
  /** Pending entries kept while the database is unreachable; beyond it the oldest are dropped, with an error (LOG_BUFFER_MAX, default 100000). */
  readonly bufferMax: number;
  /** How long a tenant's `ipLogging` setting is cached (LOG_SETTINGS_CACHE_MS, default 5000). */
  readonly settingsCacheMs: number;
}

export function loadLogsConfig(env: Env): LogsConfig {
  const flushBatch = int(env, 'LOG_FLUSH_BATCH', 100, 1, 2000);
  return Object.freeze({
    flushIntervalMs: int(env, 'LOG_FLUSH_INTERVAL_MS', 1000, 10, 3_600_000),
    flushBatch,
    flushMaxRetries: int(env, 'LOG_FLUSH_MAX_RETRIES', 8, 1, 20),
    bufferMax: Math.max(flushBatch, int(env, 'LOG_BUFFER_MAX', 100_000, 1, 10_000_000)),
    settingsCacheMs: int(env, 'LOG_SETTINGS_CACHE_MS', 5000, 0, 3_600_000),
  });
}
