import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './spawn';
import { PrivateProcess, requireBinary, startPrivateProcess, waitUntil } from './private-server';

const MISSING = 'the database fault tests start a private MariaDB server of their own (apt-get install mariadb-server)';

/**
 * A MariaDB server of one test file's own: a fresh data folder (mariadb-install-db) and a free
 * port on 127.0.0.1, root without a password. It can be frozen, resumed, killed and started
 * again on the same data; `remove` kills it and deletes the folder.
 */
export interface PrivateMariaDb {
  readonly port: number;
  readonly server: PrivateProcess;
  /** mysql://root@127.0.0.1:PORT/name */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** starts the server again on the same data and port after a kill */
  restart(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const installDb = requireBinary('mariadb-install-db', MISSING);
  const mariadbd = requireBinary('mariadbd', MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'private-mariadb-'));
  const dataDir = join(dir, 'data');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also when remove() is never reached
  try {
    await promisify(execFile)(installDb, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--innodb-log-file-size=8M',
    ]);
  } catch (e) {
    removeDir();
    throw new Error(`mariadb-install-db failed: ${(e as Error).message}`);
  }
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${port}`,
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    '--bind-address=127.0.0.1',
    '--user=root',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=32M',
    '--innodb-log-file-size=8M',
    '--skip-name-resolve',
  ];
  const ping = async () => {
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
    await c.end();
    return true;
  };
  const boot = async () => {
    const server = startPrivateProcess(mariadbd, args);
    await waitUntil(ping, `private MariaDB on port ${port}`, server);
    return server;
  };
  let server = await boot();
  return {
    port,
    get server() {
      return server;
    },
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    createDatabase: async (name) => {
      const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await c.end();
    },
    restart: async () => {
      await server.kill();
      server = await boot();
    },
    remove: async () => {
      await server.kill();
      removeDir();
      process.removeListener('exit', removeDir);
    },
  };
}
