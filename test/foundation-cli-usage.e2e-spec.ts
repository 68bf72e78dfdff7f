import { processEnv, requireDist, runCli } from './helpers/spawn';
import { startTestApp, TestApp } from './helpers/test-app';
import { createTestDatabase, TestDatabase } from './helpers/test-db';

/** Spawned CLI processes boot Nest and check migrations: give them room (the machine is shared). */
const SLOW = 300_000;
const NO_THROTTLING = { RATE_LIMIT_ENABLED: 'false', IP_BLOCK_ENABLED: 'false' };
const NO_SUCH_LICENSE = 'NOSUCHLICENSE000000000000000000000000000X';

/** The commands the README documents; the CLI may have more (each is covered all the same). */
const DOCUMENTED = ['tenant:create', 'tenant:list', 'tenant:rotate-keys', 'tenant:suspend', 'tenant:activate', 'migration:run', 'fluent:product:set', 'fluent:lead:create'];

type Kind = 'api' | 'creation' | 'validation' | 'activation' | 'management' | 'general';
const KINDS: Kind[] = ['api', 'creation', 'validation', 'activation', 'management', 'general'];

interface Credentials {
  id: number;
  username: string;
  apiKey?: string;
  secretKeys: Partial<Record<Exclude<Kind, 'api'>, string>>;
}

/** Runs the CLI for each argument list, a few at a time (each process boots Nest). */
async function runAll(argLists: string[][], env: Record<string, string>) {
  const results: Awaited<ReturnType<typeof runCli>>[] = [];
  for (let i = 0; i < argLists.length; i += 3) results.push(...(await Promise.all(argLists.slice(i, i + 3).map((args) => runCli(args, env)))));
  return results;
}

function onlyJson(stdout: string): any {
  expect(stdout.trimEnd()).not.toContain('\n');
  return JSON.parse(stdout);
}

function valueOf(c: Credentials, kind: Kind): string | undefined {
  return kind === 'api' ? c.apiKey : c.secretKeys[kind];
}

/**
 * The operator CLI's usage rules as a script meets them (README "Operator CLI"): every command
 * refuses a flag it does not take, exit codes follow one table, and `tenant:rotate-keys --scope`
 * replaces that one credential only.
 */
describe('foundation: operator CLI flags, exit codes and scoped rotation', () => {
  let db: TestDatabase;
  let server: TestApp;
  let acme: Credentials;
  const env = (extra: Record<string, string> = {}) => processEnv(db, { LOG_LEVEL: 'info', ...extra });

  /** One request that the credential of `kind` authenticates; it changes nothing. HTTP status back. */
  async function probe(kind: Kind, value: string): Promise<number> {
    const paths: Record<Exclude<Kind, 'api'>, [string, string]> = {
      creation: ['POST', `/api/license/create/${value}/data`],
      validation: ['POST', `/api/license/validate/${value}/${NO_SUCH_LICENSE}`],
      activation: ['GET', `/api/license/register/domain/example.com/${value}/${NO_SUCH_LICENSE}`],
      management: ['GET', `/api/license/all/${value}`],
      general: ['GET', `/api/license/config/${value}`],
    };
    if (kind === 'api') return (await server.request('/api/user/settings', { headers: { 'User-API-Key': value } })).status;
    const [method, path] = paths[kind];
    return (await server.request(path, { method, ...(method === 'POST' ? { json: {} } : {}) })).status;
  }
  /** What an accepted credential of each kind gets from its probe (a refused one: 403, or 401 for the User-API-Key). */
  const ACCEPTED: Record<Kind, number> = { api: 200, creation: 400, validation: 200, activation: 200, management: 200, general: 200 };
  const REFUSED: Record<Kind, number> = { api: 401, creation: 403, validation: 403, activation: 403, management: 403, general: 403 };

  async function expectAuthenticates(c: Credentials, kinds: Kind[]) {
    const got = await Promise.all(kinds.map(async (kind) => [kind, await probe(kind, valueOf(c, kind)!)]));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(kinds.map((k) => [k, ACCEPTED[k]])));
  }

  beforeAll(async () => {
    requireDist();
    db = await createTestDatabase();
    const created = await runCli(['tenant:create', '--username', 'acme', '--email', 'ops@acme.test', '--json'], env());
    expect(created.code).toBe(0);
    acme = onlyJson(created.stdout);
    server = await startTestApp({ db, env: { ...NO_THROTTLING, AUTH_CACHE_TTL_MS: '0' } });
  }, SLOW);
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  }, SLOW);

  it('every command refuses a flag it does not take: exit 2, one line on stderr naming the flag, nothing on stdout', async () => {
    // the command list is the CLI's own (no command: usage on stderr, exit 0), so a new command is covered too
    const listing = await runCli([], env());
    expect(listing.code).toBe(0);
    const commands = [...new Set([...listing.stderr.matchAll(/^ {2}([a-z]+:[a-z:-]+)/gm)].map((m) => m[1]))];
    expect(commands).toEqual(expect.arrayContaining(DOCUMENTED));

    const cases = commands.flatMap((command) => [
      { command, args: [command, '--json', '--bogus'], flag: '--bogus' },
      // a flag another command takes is no flag of this one
      command === 'fluent:lead:create'
        ? { command, args: [command, '--slug=appza'], flag: '--slug' }
        : { command, args: [command, '--product=appza'], flag: '--product' },
    ]);
    const results = await runAll(cases.map((c) => c.args), env());
    for (const [i, c] of cases.entries()) {
      const res = results[i];
      expect({ args: c.args.join(' '), code: res.code, stdout: res.stdout, lines: res.stderr.trimEnd().split('\n').length }).toEqual({
        args: c.args.join(' '),
        code: 2,
        stdout: '',
        lines: 1,
      });
      expect(res.stderr).toContain(`Unknown flag ${c.flag}`);
      expect(res.stderr).toContain(`npm run cli -- ${c.command}`);
    }
  }, SLOW);

  it('an unknown flag stops the command before it does anything', async () => {
    const res = await runCli(['tenant:rotate-keys', '--username', 'acme', '--scope', 'validation', '--bogus', '--json'], env());
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toMatch(/^Unknown flag --bogus\. Usage: npm run cli -- tenant:rotate-keys /);
    await expectAuthenticates(acme, KINDS);
  }, SLOW);

  it('exit codes: 0 done, 1 failed or not found, 2 usage error', async () => {
    const table: Array<[string[], number, RegExp]> = [
      [['tenant:list', '--json'], 0, /^$/],
      [['migration:run', '--json'], 0, /^$/],
      // 1: the operation failed, or what it names does not exist
      [['tenant:rotate-keys', '--username', 'nobody', '--json'], 1, /^tenant:rotate-keys failed: No tenant "nobody"$/],
      [['tenant:rotate-keys', '--username', 'nobody', '--scope', 'api', '--json'], 1, /No tenant "nobody"/],
      [['tenant:suspend', '--username', 'nobody'], 1, /^tenant:suspend failed: No tenant "nobody"$/],
      [['tenant:activate', '--username', 'nobody'], 1, /No tenant "nobody"/],
      [['fluent:product:set', '--tenant', 'nobody', '--slug', 'appza'], 1, /^fluent:product:set failed: No tenant "nobody"$/],
      [['fluent:lead:create', '--tenant', 'nobody', '--product', 'appza', '--domain', 'x.com', '--email', 'a@b.test'], 1, /No tenant "nobody"/],
      [['fluent:lead:create', '--tenant', 'acme', '--product', 'nope', '--domain', 'x.com', '--email', 'a@b.test'], 1, /^fluent:lead:create failed: No product "nope"/],
      [['tenant:create', '--username', 'acme', '--email', 'x@acme.test'], 1, /already exists/],
      // 2: usage errors, one line
      [['tenant:explode'], 2, /^Unknown command "tenant:explode"\n/],
      [['tenant:list', 'acme'], 2, /^Unexpected argument "acme"\. Usage: /],
      [['tenant:create', '--username', 'gamma'], 2, /^--email is required\. Usage: npm run cli -- tenant:create /],
      [['tenant:create', '--username', 'gamma', '--email'], 2, /^--email needs a value\. /],
      [['tenant:create', '--username', 'gamma', '--email', 'not-an-email'], 2, /email must be an email/],
      [['tenant:rotate-keys', '--username', 'acme', '--username', 'beta'], 2, /^--username is given twice\. /],
      [['tenant:rotate-keys', '--username', 'acme', '--scope', 'secret'], 2, /^Unknown scope "secret" \(valid: all, api, creation, validation, activation, management, general\)\. Usage: /],
      [['tenant:rotate-keys', '--username', 'nobody', '--scope', 'secret'], 2, /Unknown scope "secret"/],
      [['tenant:rotate-keys', '--username', 'acme', '--scope'], 2, /^--scope needs a value\. /],
      [['fluent:product:set', '--tenant', 'acme', '--slug', 'appza', '--active', '--inactive'], 2, /^--active and --inactive exclude each other\. /],
      [['fluent:product:set', '--tenant', 'acme', '--slug', 'appza', '--active=true'], 2, /^--active takes no value\. /],
    ];
    const results = await runAll(table.map(([args]) => args), env());
    for (const [i, [args, code, stderr]] of table.entries()) {
      const res = results[i];
      expect({ args: args.join(' '), code: res.code }).toEqual({ args: args.join(' '), code });
      if (code !== 0) expect({ args: args.join(' '), stdout: res.stdout }).toEqual({ args: args.join(' '), stdout: '' });
      expect(res.stderr.trimEnd()).toMatch(stderr);
      if (code === 2 && args[0] !== 'tenant:explode') expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    // nothing was changed by the refused commands
    await expectAuthenticates(acme, KINDS);
    const list = await runCli(['tenant:list', '--json'], env());
    expect(onlyJson(list.stdout).map((t: { username: string }) => t.username)).toEqual(['acme']);
  }, SLOW);

  it.each(KINDS)('tenant:rotate-keys --scope %s replaces that credential only: the others still authenticate', async (kind) => {
    const res = await runCli(['tenant:rotate-keys', '--username', 'acme', '--scope', kind, '--json'], env());
    expect(res.code).toBe(0);
    const out: Credentials = onlyJson(res.stdout);
    // only the rotated value is shown (the shape of POST /api/user/secrets/rotate)
    expect(out).toEqual(
      kind === 'api'
        ? { id: acme.id, username: 'acme', apiKey: expect.stringMatching(/^[A-Z2-9]{6}$/), secretKeys: {} }
        : { id: acme.id, username: 'acme', secretKeys: { [kind]: expect.stringMatching(/^[A-Za-z0-9]{43}$/) } },
    );
    const fresh = valueOf(out, kind)!;
    const old = valueOf(acme, kind)!;
    expect(fresh).not.toBe(old);

    expect(await probe(kind, old)).toBe(REFUSED[kind]);
    expect(await probe(kind, fresh)).toBe(ACCEPTED[kind]);
    await expectAuthenticates(acme, KINDS.filter((k) => k !== kind));
    acme = kind === 'api' ? { ...acme, apiKey: fresh } : { ...acme, secretKeys: { ...acme.secretKeys, [kind]: fresh } };
  }, SLOW);

  it('tenant:rotate-keys --scope all (the default) replaces all six', async () => {
    const res = await runCli(['tenant:rotate-keys', '--username', 'acme', '--scope', 'all', '--json'], env());
    expect(res.code).toBe(0);
    const out: Credentials = onlyJson(res.stdout);
    expect(Object.keys(out.secretKeys).sort()).toEqual(['activation', 'creation', 'general', 'management', 'validation']);
    for (const kind of KINDS) {
      expect(valueOf(out, kind)).not.toBe(valueOf(acme, kind));
      expect(await probe(kind, valueOf(acme, kind)!)).toBe(REFUSED[kind]);
    }
    await expectAuthenticates(out, KINDS);
  }, SLOW);
});
