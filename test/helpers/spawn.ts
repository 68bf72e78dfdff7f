import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { TestDatabase } from './test-db';

/** The compiled entry points (`npm test` builds first; alone, run `npx tsc -p tsconfig.build.json`). */
export const DIST_CLI = resolve(process.cwd(), 'dist/src/cli.js');
export const DIST_MAIN = resolve(process.cwd(), 'dist/src/main.js');

export function requireDist(): void {
  for (const file of [DIST_CLI, DIST_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build, or npx tsc -p tsconfig.build.json)`);
  }
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a server or CLI process gets for `db`: only what it needs (PATH, HOME) plus
 * the database, data folder and master key, so nothing leaks in from the test runner's env.
 */
export function processEnv(db: TestDatabase, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    MASTER_KEY: db.masterKey,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Runs a command to completion and collects its output. */
export function run(command: string, args: string[], env: Record<string, string>, cwd = process.cwd()): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** `node dist/src/cli.js <args>` against `env`. */
export const runCli = (args: string[], env: Record<string, string>) => run(process.execPath, [DIST_CLI, ...args], env);

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM (or `signal`) and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (SIGKILL: a crash, nothing runs on the way out) and resolves with how the process ended. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/src/main.js` and waits until /health answers (or the process exits). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [DIST_MAIN], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (done) throw new Error(`server exited before answering:\n${stderr}\n${stdout}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health:\n${stderr}\n${stdout}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (!done) child.kill(signal);
      return exited;
    },
    kill: async (signal) => {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
