import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { DropTimedOutConnection, limitAcquireTime, SilentQueryLogger } from './deadlines';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** How long migrations may wait for a lock (another instance migrating): GET_LOCK below, SQLite's busy_timeout. */
const MIGRATION_LOCK_WAIT_S = 120;

/**
 * TypeORM options for the configured database. `synchronize` is never on: migrations only.
 * `app` connections have the deadlines of DB_ACQUIRE_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS, so a
 * frozen or stopped database fails a request fast; `migrations` (and the TypeORM CLI) may wait
 * on another instance's migration lock and run long schema changes.
 */
export function dataSourceOptions(config: AppConfig, purpose: 'app' | 'migrations' = 'app'): DataSourceOptions {
  const app = purpose === 'app';
  const { dbAcquireMs, dbQueryMs } = config.timeouts;
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  const db = config.database;
  if (db.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      enableWAL: db.path !== ':memory:',
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        // better-sqlite3 waits for a lock synchronously: this bounds how long a locked database holds the process
        conn.pragma(`busy_timeout = ${app ? dbAcquireMs : MIGRATION_LOCK_WAIT_S * 1000}`);
        conn.pragma('foreign_keys = ON');
        conn.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    host: db.host,
    port: db.port,
    ...(db.socketPath ? { socketPath: db.socketPath } : {}),
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: 20,
    // a connect the server does not complete (frozen) fails within the acquire deadline
    connectTimeout: dbAcquireMs,
    ...(app ? { enableQueryTimeout: true, maxQueryExecutionTime: dbQueryMs, subscribers: [DropTimedOutConnection], logger: new SilentQueryLogger() } : {}),
    // TCP keep-alive probes a connection idle for 30 s, so one to a vanished host breaks and
    // leaves the pool; one to a frozen server (its kernel still answers probes) is dropped by
    // DropTimedOutConnection at its first query past DB_QUERY_TIMEOUT_MS
    extra: { connectionLimit: 20, enableKeepAlive: true, keepAliveInitialDelay: 30_000 },
  };
}

const MIGRATION_LOCK = 'license_server_migrations';

/**
 * Applies pending migrations. On MySQL a named lock serializes instances that start together;
 * on SQLite one process at a time gets the write lock anyway.
 */
export async function runMigrations(dataSource: DataSource): Promise<number> {
  const mysql = dataSource.options.type === 'mysql';
  if (mysql) await dataSource.query('SELECT GET_LOCK(?, ?)', [MIGRATION_LOCK, MIGRATION_LOCK_WAIT_S]);
  try {
    const applied = await dataSource.runMigrations({ transaction: mysql ? 'none' : 'each' });
    return applied.length;
  } finally {
    if (mysql) await dataSource.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
  }
}

/**
 * Initializes the app's data source, after applying pending migrations on a connection of
 * their own (without the app's deadlines) when `migrate`. On MySQL every pooled connection's
 * session runs in UTC, so CURRENT_TIMESTAMP defaults and NOW() agree with the UTC dates the app
 * writes, and a caller waits at most DB_ACQUIRE_TIMEOUT_MS for a pooled connection.
 */
export async function initializeDataSource(config: AppConfig, options: DataSourceOptions, migrate: boolean): Promise<DataSource> {
  const inMemory = config.database.type === 'sqlite' && config.database.path === ':memory:';
  if (migrate && !inMemory) {
    const migrator = await open(dataSourceOptions(config, 'migrations'), MIGRATION_LOCK_WAIT_S * 1000);
    try {
      await runMigrations(migrator);
    } finally {
      await migrator.destroy();
    }
  }
  const ds = await open(options, config.timeouts.dbQueryMs);
  if (ds.options.type === 'mysql') limitAcquireTime((ds.driver as unknown as { pool: Parameters<typeof limitAcquireTime>[0] }).pool, config.timeouts.dbAcquireMs);
  // an in-memory SQLite database exists only on its one connection: migrate it there
  if (migrate && inMemory) await runMigrations(ds);
  return ds;
}

interface SessionConnection {
  query(options: { sql: string; timeout: number }, cb: (err: Error | null) => void): unknown;
  destroy(): void;
}

async function open(options: DataSourceOptions, timeoutMs: number): Promise<DataSource> {
  const ds = await new DataSource(options).initialize();
  if (ds.options.type === 'mysql') {
    const pool = (ds.driver as unknown as { pool: { on(e: string, cb: (c: SessionConnection) => void): void } }).pool;
    // with a deadline: an unanswered command would hold every later query on the connection
    pool.on('connection', (conn) => conn.query({ sql: "SET time_zone = '+00:00'", timeout: timeoutMs }, (err) => err && conn.destroy()));
    // the one connection TypeORM opened to test the credentials predates the handler
    await ds.query("SET time_zone = '+00:00'");
  }
  return ds;
}

export function createDataSource(config: AppConfig, migrate: boolean): Promise<DataSource> {
  return initializeDataSource(config, dataSourceOptions(config), migrate);
}
