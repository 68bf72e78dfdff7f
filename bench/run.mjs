#!/usr/bin/env node
// Benchmark of the validation hot paths (`npm run bench`, after a build).
//
// Starts the built server (dist/src/main.js) as a child process on a fresh database — a temp
// SQLite file, or a new database on the MySQL/MariaDB server that DATABASE_URL names — creates a
// tenant through the CLI, seeds 10,000 licenses (each with one registered domain) straight into
// the tables, then measures with autocannon over loopback:
//   POST /api/license/validate/{secret}/{key}   (random license per request)
//   GET  /validate?t=&s=&d=                     (random license per request)
// next to a minimal Fastify hello server started in the same run, and prints req/s, p50 and p99
// latency and the ratio of each to the hello server. `GET /api/license/generate` (no database, no
// auth) is measured too, as the floor of the app's own pipeline. Nothing is asserted: these are figures.
//
// Environment: DATABASE_URL (mysql://... to bench MySQL), BENCH_CONNECTIONS (50),
// BENCH_DURATION seconds per measurement (10), BENCH_WARMUP seconds (3), BENCH_LICENSES (10000),
// BENCH_NODE_ARGS extra node flags for the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(root, 'dist/src/main.js');
const CLI = join(root, 'dist/src/cli.js');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const LICENSES = Number(process.env.BENCH_LICENSES ?? 10_000);
const PRODUCT = 'bench-product';

if (!existsSync(MAIN) || !existsSync(CLI)) {
  console.error('dist/ is missing: run `npm run bench` (it builds first) or `npx tsc -p tsconfig.build.json`.');
  process.exit(1);
}

const children = new Set();
let cleanup = async () => {};
process.on('SIGINT', async () => {
  for (const c of children) c.kill('SIGTERM');
  await cleanup();
  process.exit(130);
});

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function waitFor(url, child, name) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start within 60 s`);
}

function startChild(name, args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code) => {
    children.delete(child);
    if (code && code !== 143 && code !== 0) console.error(`${name} exited with ${code}\n${stderr}`);
  });
  children.add(child);
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// ---- database ---------------------------------------------------------------------------------

async function prepareDatabase(dir) {
  const base = process.env.DATABASE_URL ?? '';
  if (!base.startsWith('mysql')) return { url: `sqlite:${join(dir, 'bench.db')}`, kind: 'sqlite', path: join(dir, 'bench.db'), drop: async () => {} };
  const mysql = require('mysql2/promise');
  const u = new URL(base);
  const conn = { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password || '') };
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(conn);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    kind: 'mysql',
    conn: { ...conn, database: name },
    drop: async () => {
      const c = await mysql.createConnection(conn);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

const COLUMNS = [
  'tenant_id', 'license_key', 'license_status', 'license_type', 'first_name', 'last_name', 'email', 'company_name',
  'max_allowed_domains', 'max_allowed_devices', 'product_ref', 'item_reference', 'txn_id', 'purchase_id_', 'subscr_id',
  'until', 'current_ver', 'manual_reset_count', 'date_activated', 'created_at', 'updated_at',
];

function licenseRows(tenantId) {
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const rows = [];
  for (let i = 0; i < LICENSES; i++) {
    const key = `BENCH${String(i).padStart(8, '0')}${randomBytes(14).toString('hex').toUpperCase().slice(0, 27)}`;
    rows.push({
      key,
      domain: `site${i}.example.com`,
      values: [tenantId, key, 'active', 'lifetime', 'Bench', `User${i}`, `user${i}@example.com`, '', 3, 1, PRODUCT, PRODUCT, `txn${i}`, `purchase${i}`, '', '', '1.0.0', 0, now, now, now],
    });
  }
  return rows;
}

/** The fast path: licenses and one domain each inserted in bulk, bypassing the API. */
async function seed(db, tenantId) {
  const rows = licenseRows(tenantId);
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  if (db.kind === 'sqlite') {
    const Database = require('better-sqlite3');
    const conn = new Database(db.path);
    conn.pragma('busy_timeout = 10000');
    const insertLicense = conn.prepare(`INSERT INTO licenses (${COLUMNS.join(', ')}) VALUES ${placeholders}`);
    const insertDomain = conn.prepare(
      "INSERT INTO license_activations (tenant_id, license_id, license_key, type, name, created_at) VALUES (?, ?, ?, 'domain', ?, strftime('%Y-%m-%d %H:%M:%f','now'))",
    );
    conn.transaction(() => {
      for (const r of rows) {
        const { lastInsertRowid } = insertLicense.run(...r.values);
        insertDomain.run(tenantId, lastInsertRowid, r.key, r.domain);
      }
    })();
    conn.close();
  } else {
    const mysql = require('mysql2/promise');
    const conn = await mysql.createConnection(db.conn);
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await conn.query(`INSERT INTO licenses (${COLUMNS.join(', ')}) VALUES ?`, [batch.map((r) => r.values)]);
    }
    await conn.query(
      "INSERT INTO license_activations (tenant_id, license_id, license_key, type, name, created_at) " +
        "SELECT l.tenant_id, l.id, l.license_key, 'domain', CONCAT('site', CAST(SUBSTRING(l.last_name, 5) AS UNSIGNED), '.example.com'), NOW(3) " +
        'FROM licenses l WHERE l.tenant_id = ?',
      [tenantId],
    );
    await conn.end();
  }
  return rows;
}

// ---- measurement ------------------------------------------------------------------------------

function run(url, requests, duration) {
  return autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1, requests });
}

async function measure(name, url, requests) {
  if (WARMUP > 0) await run(url, requests, WARMUP);
  const r = await run(url, requests, DURATION);
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

function pick(rows) {
  return rows[Math.floor(Math.random() * rows.length)];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'license-bench-'));
  const db = await prepareDatabase(dir);
  cleanup = async () => {
    await db.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const port = await freePort();
  const helloPort = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    DATA_DIR: dir,
    MASTER_KEY: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_REQUESTS: 'false',
    LOG_LEVEL: 'warn',
    // the bench is one client IP hammering the auth tier: throttling and IP blocking would measure themselves
    RATE_LIMIT_ENABLED: 'false',
    IP_BLOCK_ENABLED: 'false',
  };
  try {
    console.log(`database: ${db.kind}; seeding ${LICENSES} licenses...`);
    const created = JSON.parse(
      execFileSync(process.execPath, [CLI, 'tenant:create', '--username', 'bench', '--email', 'bench@bench.test', '--json'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      }),
    );
    const rows = await seed(db, created.id);
    const secret = created.secretKeys.validation;

    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const server = startChild('license server', [...nodeArgs, MAIN], env);
    await waitFor(`http://127.0.0.1:${port}/health`, server, 'license server');
    const hello = startChild('hello server', ['-e', helloServerSource(helloPort)], {});
    await waitFor(`http://127.0.0.1:${helloPort}/`, hello, 'hello server');

    // sanity: the measured requests succeed
    const sample = rows[0];
    const check = await (await fetch(`http://127.0.0.1:${port}/api/license/validate/${secret}/${sample.key}`, { method: 'POST' })).json();
    const routine = await (await fetch(`http://127.0.0.1:${port}/validate?t=${PRODUCT}&s=${sample.key}&d=${sample.domain}`)).text();
    if (check.error_code !== 100 || routine !== '"1"') throw new Error(`sanity check failed: validate ${JSON.stringify(check)}, /validate ${routine}`);

    console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run (after ${WARMUP} s warm-up), loopback\n`);
    const results = [];
    results.push(await measure('hello (Fastify)', `http://127.0.0.1:${helloPort}`, [{ method: 'GET', path: '/' }]));
    await stopChild(hello);
    // the app's floor: a route with no database work and no auth, through the same Nest/Fastify pipeline
    results.push(await measure('GET /api/license/generate', `http://127.0.0.1:${port}`, [{ method: 'GET', path: '/api/license/generate' }]));
    results.push(
      await measure('POST /api/license/validate', `http://127.0.0.1:${port}`, [
        { method: 'POST', setupRequest: (req) => ({ ...req, path: `/api/license/validate/${secret}/${pick(rows).key}` }) },
      ]),
    );
    results.push(
      await measure('GET /validate', `http://127.0.0.1:${port}`, [
        {
          method: 'GET',
          setupRequest: (req) => {
            const r = pick(rows);
            return { ...req, path: `/validate?t=${PRODUCT}&s=${r.key}&d=${r.domain}` };
          },
        },
      ]),
    );
    await stopChild(server);

    const hello0 = results[0].rps;
    const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
    console.log(['endpoint'.padEnd(28), 'req/s'.padStart(10), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'vs hello'.padStart(9), 'non-2xx'.padStart(8), 'errors'.padStart(7)].join(' '));
    for (const r of results) {
      console.log(
        [
          r.name.padEnd(28),
          fmt(r.rps).padStart(10),
          fmt(r.p50, 1).padStart(8),
          fmt(r.p99, 1).padStart(8),
          `${fmt((r.rps / hello0) * 100, 1)}%`.padStart(9),
          String(r.non2xx).padStart(8),
          String(r.errors).padStart(7),
        ].join(' '),
      );
    }
    const target = db.kind === 'sqlite' ? 40 : 20;
    console.log(`\ntarget: validate >= ${target}% of hello on ${db.kind}, p99 < 20 ms at ${CONNECTIONS} connections`);
    if (process.argv.includes('--json')) console.log(JSON.stringify({ database: db.kind, connections: CONNECTIONS, duration: DURATION, results }));
  } finally {
    for (const c of [...children]) await stopChild(c);
    await cleanup();
  }
}

function helloServerSource(port) {
  const fastifyPath = JSON.stringify(require.resolve('fastify'));
  return `const app = require(${fastifyPath})({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
app.listen({ port: ${port}, host: '127.0.0.1' }).catch((e) => { console.error(e); process.exit(1); });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));`;
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.message : e);
  for (const c of [...children]) c.kill('SIGKILL');
  await cleanup();
  process.exit(1);
});
