import { QueryFailedError } from 'typeorm';
import { DatabaseAcquireTimeoutError, isDatabaseUnavailable, isUniqueViolation } from './db-errors';

const wrapped = (driverError: Record<string, unknown>) => new QueryFailedError('SELECT 1', [], Object.assign(new Error(String(driverError.message ?? 'x')), driverError));
const raw = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);

describe('isDatabaseUnavailable', () => {
  it.each(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_LOCK_WAIT_TIMEOUT', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET'])(
    'takes a query that failed with %s for an outage',
    (code) => expect(isDatabaseUnavailable(wrapped({ code }))).toBe(true),
  );

  it('takes SQLite lock errors, extended codes included, for an outage', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) expect(isDatabaseUnavailable(wrapped({ code }))).toBe(true);
  });

  it('takes a failed connect or acquire (raw mysql2 errors, not wrapped by TypeORM) for an outage', () => {
    expect(isDatabaseUnavailable(raw({ code: 'ECONNREFUSED', fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(raw({ code: 'ETIMEDOUT', fatal: true }))).toBe(true);
    expect(isDatabaseUnavailable(new DatabaseAcquireTimeoutError(3000))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ message: "Can't add new command when connection is in closed state", fatal: true }))).toBe(true);
  });

  it('leaves bugs, bad input and other clients alone', () => {
    expect(isDatabaseUnavailable(wrapped({ code: 'ER_DUP_ENTRY' }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: 'ER_PARSE_ERROR' }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(isDatabaseUnavailable(wrapped({ code: 'ER_ACCESS_DENIED_ERROR' }))).toBe(false);
    // a socket error of another client (an HTTP upstream, SMTP) is not a database outage
    expect(isDatabaseUnavailable(raw({ code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: raw({ code: 'ECONNREFUSED' }) }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('takes a duplicate key on MySQL/MariaDB and SQLite, wrapped or raw, for a unique violation', () => {
    expect(isUniqueViolation(wrapped({ code: 'ER_DUP_ENTRY', errno: 1062 }))).toBe(true);
    expect(isUniqueViolation(wrapped({ errno: 1062 }))).toBe(true);
    expect(isUniqueViolation(wrapped({ code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(true);
    expect(isUniqueViolation(raw({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }))).toBe(true);
  });

  it('leaves every other failure alone: outages, other constraints, bugs', () => {
    for (const code of ['PROTOCOL_CONNECTION_LOST', 'SQLITE_BUSY', 'ER_NO_SUCH_TABLE', 'SQLITE_CONSTRAINT_NOTNULL', 'ER_BAD_NULL_ERROR']) expect(isUniqueViolation(wrapped({ code }))).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
