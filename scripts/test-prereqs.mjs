#!/usr/bin/env node
// Run by `npm test` / `npm run test:e2e` (pretest) and `npm run test:e2e:mysql` (with --mysql) before
// the build: within seconds, either everything the suites need is there, or one line on stderr says
// what is missing and how to get it, and the run stops (exit 1). Chromium, the one thing a fresh
// machine of CI's kind lacks, is installed with test/browser-setup.sh where that can work (root, apt).
//
//   Redis at REDIS_TEST_URL (redis://127.0.0.1:6379)        security-redis, scheduler-cluster
//   MariaDB/MySQL at MYSQL_TEST_URL (root@127.0.0.1:3306)   foundation-startup (Unix socket), the --mysql run
//   mariadbd + mariadb-install-db, redis-server binaries   faults-* (they start private servers)
//   Chromium (CHROMIUM_PATH or /usr/bin/chromium)           browser-swagger
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Socket } from 'node:net';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 3000;
const mysqlRun = process.argv.includes('--mysql');
const env = process.env;

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findBinary(name) {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/sbin'];
  return dirs.filter(Boolean).map((d) => join(d, name)).find(executable);
}

/** Sends `commands` to a Redis server and resolves with its first reply line (or rejects). */
function redisAsk(url, commands) {
  return new Promise((resolvePromise, reject) => {
    const socket = new Socket();
    let reply = '';
    const fail = (e) => {
      socket.destroy();
      reject(e);
    };
    socket.setTimeout(TIMEOUT_MS, () => fail(new Error('no answer')));
    socket.once('error', fail);
    socket.on('data', (d) => {
      reply += d;
      const lines = reply.split('\r\n');
      if (lines.length > commands.length) {
        socket.destroy();
        resolvePromise(lines.slice(0, commands.length));
      }
    });
    socket.connect(Number(url.port || 6379), url.hostname, () => socket.write(commands.map((c) => `${c}\r\n`).join('')));
  });
}

async function checkRedis() {
  const raw = env.REDIS_TEST_URL || 'redis://127.0.0.1:6379';
  const where = `Redis at ${raw} (REDIS_TEST_URL)`;
  const how = 'start it (redis-server --daemonize yes; Debian: apt-get install redis-server) or point REDIS_TEST_URL at one';
  let url;
  try {
    url = new URL(raw);
  } catch {
    return `REDIS_TEST_URL is not a URL (${raw})`;
  }
  const commands = [];
  if (url.password) commands.push(`AUTH ${url.username ? `${decodeURIComponent(url.username)} ` : ''}${decodeURIComponent(url.password)}`);
  commands.push('PING');
  try {
    const replies = await redisAsk(url, commands);
    if (replies[replies.length - 1] !== '+PONG') return `${where} answers ${replies.join(' ')}: check REDIS_TEST_URL`;
    return undefined;
  } catch (e) {
    return `${where} does not answer (${e.code ?? e.message}): ${how}`;
  }
}

async function checkMysql() {
  const raw = env.MYSQL_TEST_URL || 'mysql://root@127.0.0.1:3306/test';
  const where = `MariaDB/MySQL at ${raw.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')} (MYSQL_TEST_URL)`;
  let url;
  try {
    url = new URL(raw);
  } catch {
    return `MYSQL_TEST_URL is not a URL (${raw})`;
  }
  const { default: mysql } = await import('mysql2/promise');
  try {
    const conn = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      connectTimeout: TIMEOUT_MS,
    });
    // the suites create (and drop) databases of their own on it
    await conn.query('CREATE DATABASE IF NOT EXISTS lt_prereq_probe');
    await conn.query('DROP DATABASE lt_prereq_probe');
    await conn.end();
    return undefined;
  } catch (e) {
    const how = e.code === 'ER_ACCESS_DENIED_ERROR' || e.code === 'ER_DBACCESS_DENIED_ERROR' || e.code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR'
      ? 'give MYSQL_TEST_URL a user that may create databases'
      : 'start it (Debian: apt-get install mariadb-server) or point MYSQL_TEST_URL at one (mysql://user:pass@host:3306/db)';
    return `${where} refused: ${e.code ?? e.message}: ${how}`;
  }
}

function checkBinaries() {
  const missing = ['mariadbd', 'mariadb-install-db', 'redis-server'].filter((b) => !findBinary(b));
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} not installed (the faults-* suites start private servers): apt-get install mariadb-server redis-server`;
}

function chromiumPath() {
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CHROMIUM_CANDIDATES.find(executable);
}

function chromiumProblem() {
  if (env.CHROMIUM_PATH && !executable(env.CHROMIUM_PATH)) return `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable (browser-swagger): fix or unset it`;
  return chromiumPath() ? undefined : 'Chromium is missing (browser-swagger): apt-get install --no-install-recommends chromium, or set CHROMIUM_PATH';
}

const canInstallChromium = () => !env.CHROMIUM_PATH && process.getuid?.() === 0 && !!findBinary('apt-get');

async function main() {
  const problems = (await Promise.all([checkRedis(), checkMysql(), mysqlRun ? undefined : checkBinaries()])).filter(Boolean);
  let chromium = chromiumProblem();
  // installing takes a minute: only when it is the one thing missing and it can work
  if (chromium && problems.length === 0 && canInstallChromium()) {
    process.stderr.write('test prerequisites: Chromium is missing: installing Debian\'s chromium (test/browser-setup.sh, about a minute)\n');
    const res = spawnSync('bash', [join(ROOT, 'test/browser-setup.sh')], { stdio: ['ignore', 2, 2] });
    chromium = res.status === 0 ? chromiumProblem() : `${chromium} (test/browser-setup.sh failed, exit ${res.status})`;
  }
  if (chromium) problems.push(chromium);
  if (problems.length > 0) {
    process.stderr.write(`Cannot run the tests: ${problems.join('; ')}. (README: Tests, CI and benchmarks)\n`);
    process.exit(1);
  }
}

await main();
