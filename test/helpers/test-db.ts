import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/**
 * A fresh database for one test file: a temp SQLite file by default, or a new MySQL/MariaDB
 * database (named lt_<random>) on the server that DATABASE_URL points to when it is mysql://.
 */
export interface TestDatabase {
  url: string;
  dataDir: string;
  kind: 'sqlite' | 'mysql';
  /** the MASTER_KEY every app started on this database uses (so a restart can read its secrets) */
  masterKey: string;
  drop(): Promise<void>;
}

export function testDatabaseKind(): 'sqlite' | 'mysql' {
  return (process.env.DATABASE_URL ?? '').startsWith('mysql') ? 'mysql' : 'sqlite';
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'license-test-'));
  const masterKey = randomBytes(32).toString('hex');
  const base = process.env.DATABASE_URL ?? '';
  if (!base.startsWith('mysql')) {
    return {
      url: `sqlite:${join(dataDir, 'test.db')}`,
      dataDir,
      kind: 'sqlite',
      masterKey,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const u = new URL(base);
  const name = `lt_${randomBytes(6).toString('hex')}`;
  const conn = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
  });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    dataDir,
    kind: 'mysql',
    masterKey,
    drop: async () => {
      const c = await mysql.createConnection({
        host: u.hostname,
        port: Number(u.port || 3306),
        user: decodeURIComponent(u.username || 'root'),
        password: decodeURIComponent(u.password || ''),
      });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
