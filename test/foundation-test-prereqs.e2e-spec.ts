import { resolve } from 'node:path';
import { freePort, run } from './helpers/spawn';

/**
 * `npm test` first runs scripts/test-prereqs.mjs: where something the suites need is missing it
 * stops at once with one line naming it and how to get it, instead of suites failing ten minutes in.
 */
const SCRIPT = resolve('scripts/test-prereqs.mjs');
const SLOW = 30_000;

const prereqs = (extra: Record<string, string>) =>
  run(process.execPath, [SCRIPT], {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...(process.env.REDIS_TEST_URL ? { REDIS_TEST_URL: process.env.REDIS_TEST_URL } : {}),
    ...(process.env.MYSQL_TEST_URL ? { MYSQL_TEST_URL: process.env.MYSQL_TEST_URL } : {}),
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    ...extra,
  });

/** the single line on stderr, and that nothing else was printed */
function oneLine(res: { stdout: string; stderr: string }): string {
  expect(res.stdout).toBe('');
  const lines = res.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('foundation: the test prerequisites check', () => {
  it('passes silently where the services answer and Chromium is installed (as for this run)', async () => {
    const res = await prereqs({});
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  }, SLOW);

  it('stops with one line naming REDIS_TEST_URL and how to start Redis when nothing answers there', async () => {
    const closed = await freePort();
    const res = await prereqs({ REDIS_TEST_URL: `redis://127.0.0.1:${closed}` });
    expect(res.code).toBe(1);
    const line = oneLine(res);
    expect(line).toMatch(/^Cannot run the tests: /);
    expect(line).toContain(`Redis at redis://127.0.0.1:${closed} (REDIS_TEST_URL) does not answer (ECONNREFUSED)`);
    expect(line).toContain('redis-server');
  }, SLOW);

  it('stops with one line naming MYSQL_TEST_URL (password masked) when the server refuses or is absent', async () => {
    const closed = await freePort();
    const absent = await prereqs({ MYSQL_TEST_URL: `mysql://root@127.0.0.1:${closed}/x` });
    expect(absent.code).toBe(1);
    expect(oneLine(absent)).toContain(`MariaDB/MySQL at mysql://root@127.0.0.1:${closed}/x (MYSQL_TEST_URL) refused: ECONNREFUSED`);

    const base = new URL(process.env.MYSQL_TEST_URL || 'mysql://root@127.0.0.1:3306/test');
    const wrong = await prereqs({ MYSQL_TEST_URL: `mysql://no_such_user_lt:wrong-password@${base.host}/x` });
    expect(wrong.code).toBe(1);
    const line = oneLine(wrong);
    expect(line).toContain('ER_ACCESS_DENIED_ERROR');
    expect(line).toContain('no_such_user_lt:***@');
    expect(line).not.toContain('wrong-password');
  }, SLOW);

  it('names a CHROMIUM_PATH that is not a program, and never tries to install over it', async () => {
    const res = await prereqs({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(res.code).toBe(1);
    expect(oneLine(res)).toContain('CHROMIUM_PATH=/nonexistent/chromium is not an executable (browser-swagger)');
  }, SLOW);
});
