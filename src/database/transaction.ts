import { DataSource, EntityManager } from 'typeorm';

/**
 * SQLite has one connection per process in TypeORM, so two transactions must not overlap:
 * they run one after another behind this per-DataSource queue. MySQL transactions run in
 * parallel on the pool.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export function isSqlite(ds: DataSource): boolean {
  return ds.options.type === 'better-sqlite3';
}

export async function withTransaction<T>(ds: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!isSqlite(ds)) return ds.transaction(work);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

/**
 * Locks a row for the rest of the transaction, so a check-then-write on it (activation limits)
 * cannot interleave with another instance: `SELECT ... FOR UPDATE` on MySQL; on SQLite a
 * no-op write, which takes the database write lock at once (waiting on busy_timeout).
 * Returns whether the row exists.
 */
export async function lockRow(manager: EntityManager, table: string, id: number): Promise<boolean> {
  if (isSqlite(manager.connection)) {
    const result = await manager.query(`UPDATE "${table}" SET "id" = "id" WHERE "id" = ?`, [id]);
    return ((result as { changes?: number })?.changes ?? (Array.isArray(result) ? result[1] : 0)) > 0 || (await exists(manager, table, id));
  }
  const rows = await manager.query(`SELECT id FROM \`${table}\` WHERE id = ? FOR UPDATE`, [id]);
  return rows.length > 0;
}

async function exists(manager: EntityManager, table: string, id: number): Promise<boolean> {
  const rows = await manager.query(`SELECT id FROM "${table}" WHERE "id" = ?`, [id]);
  return rows.length > 0;
}
