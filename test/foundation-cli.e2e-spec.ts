import { createTestDatabase, TestDatabase } from './helpers/test-db';
import { processEnv, requireDist, run, runCli } from './helpers/spawn';
import { startTestApp, TestApp } from './helpers/test-app';

/** These suites make many (deliberately failing) requests from one IP: no rate limits, no IP blocking. */
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };

/** These tests spawn processes (each boots Nest and checks migrations): give them room. */
const SLOW = 60_000;

const API_KEY = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;
const SECRET = /^[A-Za-z0-9]{43}$/;
const SCOPES = ['activation', 'creation', 'general', 'management', 'validation'];
const NO_SUCH_LICENSE = 'NOSUCHLICENSE0000000000000000000000000001'.slice(0, 40);

interface Created {
  id: number;
  username: string;
  apiKey: string;
  secretKeys: Record<string, string>;
}

/** stdout must be exactly one JSON document on one line. */
function onlyJson(stdout: string): any {
  expect(stdout.endsWith('\n')).toBe(true);
  expect(stdout.trimEnd()).not.toContain('\n');
  return JSON.parse(stdout);
}

function expectCredentialShape(out: Created, username: string) {
  expect(Object.keys(out).sort()).toEqual(['apiKey', 'id', 'secretKeys', 'username']);
  expect(typeof out.id).toBe('number');
  expect(out.username).toBe(username);
  expect(out.apiKey).toMatch(API_KEY);
  expect(Object.keys(out.secretKeys).sort()).toEqual(SCOPES);
  for (const value of Object.values(out.secretKeys)) expect(value).toMatch(SECRET);
}

/**
 * The operator CLI as scripts use it: `node dist/src/cli.js <command> --json` on the same
 * DATABASE_URL and MASTER_KEY as the server. The server here runs with AUTH_CACHE_TTL_MS=0 so
 * that a change made by the CLI (another process) shows on the next request.
 */
describe('foundation: operator CLI', () => {
  let db: TestDatabase;
  let server: TestApp;
  let acme: Created;
  const env = (extra: Record<string, string> = {}) => processEnv(db, { LOG_LEVEL: 'info', ...extra });
  const settings = (apiKey: string) => server.request('/api/user/settings', { headers: { 'User-API-Key': apiKey } });
  const validate = (secret: string) => server.request(`/api/license/validate/${secret}/${NO_SUCH_LICENSE}`, { method: 'POST' });

  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase(); // empty: no migration has run on it yet
  }, SLOW);
  afterAll(async () => {
    await server?.close();
    await db.drop();
  }, SLOW);

  it('tenant:create works on a fresh database and prints exactly one JSON object, logs on stderr', async () => {
    const res = await runCli(
      ['tenant:create', '--username', 'acme', '--email', 'ops@acme.test', '--first-name', 'Ada', '--last-name', 'Lovelace', '--json'],
      env({ LOG_LEVEL: 'debug' }),
    );
    expect(res.stderr).not.toMatch(/failed|error/i);
    expect(res.code).toBe(0);
    acme = onlyJson(res.stdout);
    expectCredentialShape(acme, 'acme');
    // the logs went to stderr, as JSON lines
    const logLines = res.stderr.trim().split('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line)).toHaveProperty('level');
    for (const value of [acme.apiKey, ...Object.values(acme.secretKeys)]) expect(res.stderr).not.toContain(value);
  }, SLOW);

  it('prints keys that work over HTTP on a server started on the same database', async () => {
    server = await startTestApp({ db, env: { ...NO_THROTTLING, AUTH_CACHE_TTL_MS: '0' } });
    const res = await settings(acme.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.settings.licenseKeyCharsCount).toBe(40);
    expect((await validate(acme.secretKeys.validation)).status).toBe(200);
    const tenants = await server.request('/api/admin/tenants', { headers: { Authorization: `Bearer ${server.config.adminToken}` } });
    expect(tenants.body.data).toEqual([expect.objectContaining({ id: acme.id, username: 'acme', email: 'ops@acme.test', first_name: 'Ada', last_name: 'Lovelace' })]);
  }, SLOW);

  it('works while the server runs: a tenant created now can authenticate at once', async () => {
    const res = await runCli(['tenant:create', '--username', 'beta', '--email', 'ops@beta.test', '--json'], env());
    expect(res.code).toBe(0);
    const beta: Created = onlyJson(res.stdout);
    expectCredentialShape(beta, 'beta');
    expect(beta.id).not.toBe(acme.id);
    expect((await settings(beta.apiKey)).status).toBe(200);
  }, SLOW);

  it('tenant:list --json prints the tenants without any credential', async () => {
    const res = await runCli(['tenant:list', '--json'], env());
    expect(res.code).toBe(0);
    const list = onlyJson(res.stdout);
    expect(list.map((t: { username: string }) => t.username)).toEqual(['acme', 'beta']);
    expect(list[0]).toMatchObject({ id: acme.id, username: 'acme', email: 'ops@acme.test', status: 'active' });
    expect(res.stdout).not.toContain(acme.apiKey);
    for (const value of Object.values(acme.secretKeys)) expect(res.stdout).not.toContain(value);
  }, SLOW);

  it('tenant:rotate-keys prints new keys in the create shape: old keys stop working, new ones work', async () => {
    const res = await runCli(['tenant:rotate-keys', '--username', 'acme', '--json'], env());
    expect(res.code).toBe(0);
    const rotated: Created = onlyJson(res.stdout);
    expectCredentialShape(rotated, 'acme');
    expect(rotated.id).toBe(acme.id);
    expect(rotated.apiKey).not.toBe(acme.apiKey);
    for (const scope of SCOPES) expect(rotated.secretKeys[scope]).not.toBe(acme.secretKeys[scope]);
    const old = acme;
    acme = rotated;

    expect((await settings(old.apiKey)).status).toBe(401);
    expect((await settings(rotated.apiKey)).status).toBe(200);
    expect((await validate(old.secretKeys.validation)).status).toBe(403);
    expect((await validate(rotated.secretKeys.validation)).status).toBe(200);
  }, SLOW);

  it('tenant:suspend and tenant:activate take effect on the running server', async () => {
    const suspended = await runCli(['tenant:suspend', '--username', 'acme', '--json'], env());
    expect(suspended.code).toBe(0);
    expect(onlyJson(suspended.stdout)).toMatchObject({ username: 'acme', status: 'suspended' });
    expect((await settings(acme.apiKey)).status).toBe(401);
    const activated = await runCli(['tenant:activate', '--username', 'acme', '--json'], env());
    expect(onlyJson(activated.stdout)).toMatchObject({ username: 'acme', status: 'active' });
    expect((await settings(acme.apiKey)).status).toBe(200);
  }, SLOW);

  it('fails with a message on stderr, nothing on stdout and a non-zero code', async () => {
    // independent failures, run side by side
    const [duplicate, missing, invalid, unknown, badCommand, badConfig] = await Promise.all([
      runCli(['tenant:create', '--username', 'acme', '--email', 'x@acme.test', '--json'], env()),
      runCli(['tenant:create', '--username', 'gamma', '--json'], env()),
      runCli(['tenant:create', '--username', 'gamma', '--email', 'not-an-email', '--json'], env()),
      runCli(['tenant:rotate-keys', '--username', 'nobody', '--json'], env()),
      runCli(['tenant:explode'], env()),
      runCli(['tenant:list', '--json'], env({ MASTER_KEY: 'too-short' })),
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toContain('already exists');

    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('--email is required');

    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('email');

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nobody');

    expect(badCommand.code).toBe(2);
    expect(badCommand.stderr).toContain('tenant:create');

    expect(badConfig.code).toBe(1);
    expect(badConfig.stdout).toBe('');
    expect(badConfig.stderr.trim()).toBe('Invalid configuration: MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
  }, SLOW);

  it('`npm run -s cli -- ... --json` (as the README writes it) also prints nothing but the JSON on stdout', async () => {
    const res = await run('npm', ['run', '-s', 'cli', '--', 'tenant:list', '--json'], env());
    expect(res.code).toBe(0);
    expect(onlyJson(res.stdout).map((t: { username: string }) => t.username)).toEqual(['acme', 'beta']);
  }, SLOW);
});
