import { EventSubscriber } from 'typeorm';
import type { AfterQueryEvent, EntitySubscriberInterface, Logger as TypeOrmLogger } from 'typeorm';
import { DatabaseAcquireTimeoutError } from './db-errors';

/** What a mysql2 pool looks like here (TypeORM keeps it as `driver.pool`). */
interface PoolLike {
  getConnection(cb: (err: Error | null, connection?: { release(): void }) => void): void;
}

/**
 * Bounds the wait for a pooled MySQL connection: mysql2 queues `getConnection` callers without
 * limit when every connection is busy (all stuck on a frozen server, say). After `ms` the caller
 * gets a DatabaseAcquireTimeoutError; a connection that arrives later goes straight back to the
 * pool. (mysql2 has no acquireTimeout of its own; TypeORM's option is ignored by it.)
 */
export function limitAcquireTime(pool: PoolLike, ms: number): void {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (cb) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      cb(new DatabaseAcquireTimeoutError(ms));
    }, ms);
    getConnection((err, connection) => {
      if (settled) {
        connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      cb(err, connection);
    });
  };
}

/**
 * Drops a MySQL connection whose query ran past DB_QUERY_TIMEOUT_MS. mysql2 answers the caller
 * with PROTOCOL_SEQUENCE_TIMEOUT but leaves the unanswered command on the connection, so a
 * reused one would queue every later query (ROLLBACK included) behind it, without a timer:
 * a frozen server's connection must never go back to the pool.
 * (Registered through the data source's `subscribers`; TypeORM takes only decorated classes.)
 */
@EventSubscriber()
export class DropTimedOutConnection implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || (event.error as { code?: string } | undefined)?.code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    (event.queryRunner as unknown as { databaseConnection?: { destroy?(): void } }).databaseConnection?.destroy?.();
  }
}

/**
 * TypeORM's logger for the app's connections: silent, as `logging: false` is, also for slow
 * queries, which TypeORM prints to stdout with their parameters (license keys among them) once
 * maxQueryExecutionTime is set. A query past the deadline fails, and the 503 is logged instead.
 */
export class SilentQueryLogger implements TypeOrmLogger {
  logQuery(): void {}
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
