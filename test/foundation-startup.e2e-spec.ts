import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, TestDatabase } from './helpers/test-db';
import mysql from 'mysql2/promise';
import { DIST_MAIN, processEnv, requireDist, run, runCli, startServerProcess } from './helpers/spawn';

/** These tests spawn processes (each boots Nest and checks migrations): give them room. */
const SLOW = 60_000;

/** The real server binary: `node dist/src/main.js`, as `npm start` runs it. */
describe('foundation: server start-up', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase();
  }, SLOW);
  afterAll(async () => db.drop(), SLOW);

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '99999' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://localhost/db' }],
    ['MASTER_KEY', { MASTER_KEY: 'not-a-key' }],
    ['MASTER_KEY', { NODE_ENV: 'production', MASTER_KEY: undefined }],
    ['LOG_LEVEL', { LOG_LEVEL: 'chatty' }],
  ])('exits non-zero with one clear line on stderr naming %s', async (variable, extra) => {
    const res = await run(process.execPath, [DIST_MAIN], processEnv(db, { PORT: '0', ...extra }));
    expect(res.code).not.toBe(0);
    expect(res.code).not.toBeNull();
    expect(res.stdout).toBe('');
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  }, SLOW);

  it('logs one "listening on http://HOST:PORT" line (Nest\'s module and route lines only at debug) and a line when a signal stops it', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await startServerProcess(processEnv(db, { LOG_LEVEL: 'info' }));
      expect(await server.stop(signal)).toEqual({ code: null, signal });
      const logs = server.stdout().trim().split('\n').map((l) => JSON.parse(l));
      const listening = logs.filter((l) => /^listening on /.test(l.msg));
      expect(listening).toEqual([expect.objectContaining({ level: 'info', msg: `listening on ${server.baseUrl}`, url: server.baseUrl })]);
      expect(logs.filter((l) => /Mapped \{|dependencies initialized|successfully started/.test(l.msg))).toEqual([]);
      const tail = logs.slice(-2).map((l) => [l.level, l.msg, l.signal]);
      expect(tail).toEqual([
        ['info', `${signal} received: stopping`, signal],
        ['info', 'stopped', signal],
      ]);
    }
  }, SLOW);

  it('a busy port: one line on stderr naming the port and EADDRINUSE, exit code 1, never "started" or "listening"', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as AddressInfo).port;
    try {
      const res = await run(process.execPath, [DIST_MAIN], processEnv(db, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'debug' }));
      expect(res.code).toBe(1);
      expect(res.stderr.trimEnd().split('\n')).toEqual([
        `Failed to start: port ${port} on 127.0.0.1 is already in use (EADDRINUSE): stop the program that holds it or set PORT to another port`,
      ]);
      // even at debug level: no "successfully started", no listening line, and no second report of the error above debug
      expect(res.stdout).not.toMatch(/successfully started|listening on/);
      const logs = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(logs.filter((l) => l.level !== 'debug' && /EADDRINUSE/.test(l.msg))).toEqual([]);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  }, SLOW);

  it('MIGRATIONS_RUN=false leaves the schema alone; migration:run applies it; ormconfig.ts reads the same config', async () => {
    const fresh = await createTestDatabase();
    try {
      const env = processEnv(fresh);
      const migrationStates = async () => {
        // the TypeORM CLI on the project's data source (ormconfig.ts): it exits non-zero while some are pending
        const show = await run(process.execPath, [resolve('node_modules/typeorm/cli.js'), 'migration:show', '-d', resolve('dist/ormconfig.js')], env);
        return show.stdout.split('\n').filter((l) => /^\[[ X]\] /.test(l));
      };

      // A server told not to migrate applies nothing (on an empty database it cannot start; either way is fine here).
      try {
        const server = await startServerProcess({ ...env, MIGRATIONS_RUN: 'false' });
        await server.stop();
      } catch {
        // exited before answering: no schema
      }
      const before = await migrationStates();
      expect(before.length).toBeGreaterThan(0);
      expect(before.filter((l) => !l.startsWith('[ ] '))).toEqual([]);

      const migrated = await runCli(['migration:run', '--json'], env);
      expect(migrated.code).toBe(0);
      expect(JSON.parse(migrated.stdout)).toEqual({ migrations: 'up to date' });
      const after = await migrationStates();
      expect(after).toHaveLength(before.length);
      expect(after.filter((l) => !l.startsWith('[X] '))).toEqual([]);
      expect(after[0]).toMatch(/ InitTenants1763800000000$/);
    } finally {
      await fresh.drop();
    }
  }, SLOW);

  it('connects to MySQL/MariaDB over its Unix socket with DATABASE_URL ?socket= (a server on the same host)', async () => {
    // the MariaDB server of MYSQL_TEST_URL (as for `npm run test:e2e:mysql`; it must be on this host):
    // TCP for setup, then the server process only through the socket
    const server = new URL(process.env.MYSQL_TEST_URL || 'mysql://root@127.0.0.1:3306/test');
    const user = decodeURIComponent(server.username || 'root');
    const password = decodeURIComponent(server.password);
    const admin = await mysql.createConnection({ host: server.hostname, port: Number(server.port || 3306), user, password });
    const name = `lt_sock_${process.pid}_${Date.now() % 100000}`;
    const [[{ socket }]] = (await admin.query('SELECT @@socket AS socket')) as unknown as [[{ socket: string }]];
    await admin.query(`CREATE DATABASE \`${name}\``);
    try {
      const credentials = `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}`;
      const env = processEnv(db, { DATABASE_URL: `mysql://${credentials}@localhost/${name}?socket=${encodeURIComponent(socket)}` });
      const app = await startServerProcess(env);
      try {
        expect(await (await fetch(`${app.baseUrl}/health`)).json()).toEqual({ status: 'ok', database: { type: 'mysql', status: 'up' } });
        const [tables] = (await admin.query(`SHOW TABLES FROM \`${name}\` LIKE 'licenses'`)) as unknown as [unknown[]];
        expect(tables).toHaveLength(1); // migrations ran through the socket
      } finally {
        await app.stop();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    }
  }, SLOW);

  it('starts without MASTER_KEY: generates one (mode 0600) with a warning, keeps it across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'license-start-'));
    try {
      const env = processEnv(db, { MASTER_KEY: undefined, DATA_DIR: dataDir, ADMIN_TOKEN: 'startup-operator-token-0001', LOG_LEVEL: 'info' });
      const first = await startServerProcess(env);
      const keyFile = join(dataDir, 'master.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, 'utf8').trim();
      expect(key).toMatch(/^[0-9a-f]{64}$/);

      const health = await fetch(`${first.baseUrl}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: { type: db.kind, status: 'up' } });
      expect((await fetch(`${first.baseUrl}/docs-json`)).status).toBe(200);

      // the CLI on the same data folder uses the same generated key
      const created = await runCli(['tenant:create', '--username', 'boot', '--email', 'ops@boot.test', '--json'], env);
      expect(created.code).toBe(0);
      const { apiKey } = JSON.parse(created.stdout);
      expect((await fetch(`${first.baseUrl}/api/user/settings`, { headers: { 'User-API-Key': apiKey } })).status).toBe(200);

      // SIGTERM stops it (the shutdown hooks run, then it re-raises the signal)
      expect(await first.stop()).toEqual({ code: null, signal: 'SIGTERM' });
      // structured JSON logs on stdout, one of them the warning about the generated key
      const logs = first.stdout().trim().split('\n').map((l) => JSON.parse(l));
      const warning = logs.find((l) => l.level === 'warn' && /MASTER_KEY/.test(l.msg));
      expect(warning).toBeDefined();
      expect(first.stdout()).not.toContain(key);
      expect(first.stdout()).not.toContain(apiKey);

      // a restart reuses the key (no new warning) and can still read the tenant's secrets
      const second = await startServerProcess(env);
      expect((await fetch(`${second.baseUrl}/api/user/settings`, { headers: { 'User-API-Key': apiKey } })).status).toBe(200);
      expect(await second.stop()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(second.stdout()).not.toMatch(/MASTER_KEY not set/);
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, SLOW);
});
