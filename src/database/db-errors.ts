/**
 * Driver errors that mean the database is unreachable, frozen or too busy to answer in time
 * (an outage, not a bad request or a bug): the HTTP layer answers them with 503 and Retry-After.
 */
const DATABASE_CODES = new Set([
  // mysql2: the connection broke, or a query deadline passed
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  // the server refuses work: too many connections, shutting down, lock wait over
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  // our pool deadline (deadlines.ts)
  'DB_ACQUIRE_TIMEOUT',
]);

/** Socket errors: a database outage only when the database driver raised them (other clients have them too). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** mysql2's message for a command on a connection that already failed (it has no code of its own). */
const CLOSED_STATE = /^(Can't add new command when connection is in closed state|Pool is closed\.)$/;

interface DriverErrorLike {
  code?: unknown;
  fatal?: unknown;
  message?: unknown;
  driverError?: DriverErrorLike;
}

/**
 * Whether `e` is a database outage: a mysql2 or SQLite error, raw (a failed connect or acquire)
 * or inside TypeORM's QueryFailedError (`driverError`).
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const outer = e as DriverErrorLike | undefined;
  if (!outer || typeof outer !== 'object') return false;
  const wrapped = outer.driverError !== undefined && typeof outer.driverError === 'object';
  const err = wrapped ? outer.driverError! : outer;
  const code = typeof err.code === 'string' ? err.code : '';
  if (DATABASE_CODES.has(code)) return true;
  // SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, ...: another connection holds the lock past busy_timeout
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  // mysql2 marks its socket errors fatal; a bare ECONNREFUSED from another client is not ours
  if (NETWORK_CODES.has(code)) return wrapped || err.fatal === true;
  return typeof err.message === 'string' && CLOSED_STATE.test(err.message) && (wrapped || err.fatal === true);
}

/** No pooled connection within DB_ACQUIRE_TIMEOUT_MS (all busy, or the server does not complete a connect). */
export class DatabaseAcquireTimeoutError extends Error {
  readonly code = 'DB_ACQUIRE_TIMEOUT';
  constructor(ms: number) {
    super(`No database connection within ${ms} ms`);
  }
}

/**
 * Whether `e` is a unique-index violation (SQLite or MySQL/MariaDB), raw or inside TypeORM's
 * QueryFailedError: the one error an "insert, else it exists" write expects.
 */
export function isUniqueViolation(e: unknown): boolean {
  const outer = e as DriverErrorLike & { errno?: unknown; driverError?: DriverErrorLike & { errno?: unknown } };
  if (!outer || typeof outer !== 'object') return false;
  const err = outer.driverError !== undefined && typeof outer.driverError === 'object' ? outer.driverError : outer;
  const code = typeof err.code === 'string' ? err.code : '';
  return code === 'ER_DUP_ENTRY' || err.errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
