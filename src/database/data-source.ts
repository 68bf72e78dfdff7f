import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for the configured database. `synchronize` is never on: migrations only. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
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
        conn.pragma('busy_timeout = 10000');
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
    extra: { connectionLimit: 20, enableKeepAlive: true },
  };
}

const MIGRATION_LOCK = 'license_server_migrations';

/**
 * Applies pending migrations. On MySQL a named lock serializes instances that start together;
 * on SQLite one process at a time gets the write lock anyway.
 */
export async function runMigrations(dataSource: DataSource): Promise<number> {
  const mysql = dataSource.options.type === 'mysql';
  if (mysql) await dataSource.query('SELECT GET_LOCK(?, 120)', [MIGRATION_LOCK]);
  try {
    const applied = await dataSource.runMigrations({ transaction: mysql ? 'none' : 'each' });
    return applied.length;
  } finally {
    if (mysql) await dataSource.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
  }
}

/**
 * Initializes a data source. On MySQL every pooled connection's session runs in UTC, so
 * CURRENT_TIMESTAMP defaults and NOW() agree with the UTC dates the app writes.
 */
export async function initializeDataSource(options: DataSourceOptions, migrate: boolean): Promise<DataSource> {
  const ds = await new DataSource(options).initialize();
  if (ds.options.type === 'mysql') {
    const pool = (ds.driver as unknown as { pool: { on(e: string, cb: (c: { query(sql: string): unknown }) => void): void } }).pool;
    pool.on('connection', (conn) => conn.query("SET time_zone = '+00:00'"));
    // the one connection TypeORM opened to test the credentials predates the handler
    await ds.query("SET time_zone = '+00:00'");
  }
  if (migrate) await runMigrations(ds);
  return ds;
}

export function createDataSource(config: AppConfig, migrate: boolean): Promise<DataSource> {
  return initializeDataSource(dataSourceOptions(config), migrate);
}
