import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column helpers for migrations written with TypeORM's Table API, so one migration creates the
 * same schema on SQLite and MySQL/MariaDB.
 */
export const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
export const fk = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const varchar = (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...opts,
});
export const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const int = (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...opts });
export const bool = (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', default: def ? 1 : 0 });
/** UTC timestamps, millisecond precision (`datetime(3)` on MySQL). */
export const datetime = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
/** The database's "now" in UTC, as a column default (the MySQL session runs in UTC, see data-source.ts). */
export const nowDefault = (q: QueryRunner): string =>
  q.connection.options.type === 'mysql' ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f','now'))";
export const createdAt = (q: QueryRunner): TableColumnOptions => ({ ...datetime('created_at'), default: nowDefault(q) });
export const updatedAt = (q: QueryRunner): TableColumnOptions => ({ ...datetime('updated_at'), default: nowDefault(q) });
