import { Env, int } from './env';

/** Deadlines on the database and Redis, so an outage answers fast instead of holding requests (README "Failure behaviour"). */
export interface TimeoutsConfig {
  /** longest wait for a pooled database connection (MySQL: pool queue and connect; SQLite: the write lock, busy_timeout) */
  dbAcquireMs: number;
  /** longest a MySQL query may go unanswered; the connection is then dropped (SQLite queries are synchronous: busy_timeout bounds them) */
  dbQueryMs: number;
  /** longest a Redis command may go unanswered before the caller falls back to per-instance state */
  redisCommandMs: number;
}

export function loadTimeoutsConfig(env: Env): TimeoutsConfig {
  return {
    dbAcquireMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 3000, 100, 600_000),
    dbQueryMs: int(env, 'DB_QUERY_TIMEOUT_MS', 5000, 100, 3_600_000),
    redisCommandMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 500, 50, 60_000),
  };
}
