import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * A database or cache server process that one test file starts for itself (own data folder,
 * own port on 127.0.0.1), so that it may freeze (SIGSTOP), resume and kill it. Shared servers
 * are never touched.
 */
export interface PrivateProcess {
  readonly pid: number;
  /** SIGSTOP: the process stops answering, but its sockets stay open (the kernel still accepts and ACKs). */
  freeze(): void;
  /** SIGCONT */
  thaw(): void;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
  /** what the process printed (for failure messages) */
  output(): string;
}

/** The absolute path of `name` on PATH or in the sbin folders; throws a clear error when it is not installed. */
export function requireBinary(name: string, why: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not installed (looked in ${dirs.filter(Boolean).join(', ')}); ${why}`);
}

export function startPrivateProcess(command: string, args: string[]): PrivateProcess {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  // if the test run ends without kill() (a hook timed out, --forceExit), the server goes with it
  const onExit = () => void (gone || process.kill(pid, 'SIGKILL'));
  process.once('exit', onExit);
  void exited.then(() => process.removeListener('exit', onExit));
  return {
    pid,
    freeze: () => void process.kill(pid, 'SIGSTOP'),
    thaw: () => void (gone || process.kill(pid, 'SIGCONT')),
    kill: async () => {
      if (gone) return;
      process.kill(pid, 'SIGCONT'); // a stopped process would still die, but be sure its exit is reaped
      process.kill(pid, 'SIGKILL');
      await exited;
    },
    output: () => out,
  };
}

/** Polls `ready` until it resolves true (bounded); throws with `what` and the server's output otherwise. */
export async function waitUntil(ready: () => Promise<boolean>, what: string, server: PrivateProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs} ms:\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
