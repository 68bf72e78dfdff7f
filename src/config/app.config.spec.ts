import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseDatabaseUrl, parseMasterKey } from './app.config';
import { ConfigError } from './env';

const HEX_KEY = 'ab'.repeat(32);

/** The ConfigError loadConfig throws for `env`, or fails the test when it does not throw one. */
function configError(env: Record<string, string>, cwd: string): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const base = () => ({ MASTER_KEY: HEX_KEY, DATA_DIR: join(dir, 'data') });

  it('uses the documented defaults', () => {
    const config = loadConfig({ MASTER_KEY: HEX_KEY }, dir);
    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.database).toEqual({ type: 'sqlite', path: join(dir, 'data', 'license.db') });
    expect(config.migrationsRun).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.logRequests).toBe(true);
    expect(config.adminToken).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.authCacheTtlMs).toBe(1000);
    expect(config.swaggerEnabled).toBe(true);
  });

  it('creates the folder of a relative sqlite path, relative to the working directory', () => {
    const config = loadConfig({ ...base(), DATABASE_URL: 'sqlite:./nested/deeper/app.db' }, dir);
    expect(config.database).toEqual({ type: 'sqlite', path: join(dir, 'nested', 'deeper', 'app.db') });
    expect(existsSync(join(dir, 'nested', 'deeper'))).toBe(true);
  });

  it('accepts an absolute sqlite path', () => {
    const abs = join(dir, 'abs', 'x.db');
    expect(loadConfig({ ...base(), DATABASE_URL: `sqlite:${abs}` }, '/').database).toEqual({ type: 'sqlite', path: abs });
  });

  it('returns a frozen object', () => {
    const config = loadConfig(base(), dir);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '30.5'],
    ['DATABASE_URL', 'postgres://u@h/db'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306/'],
    ['DATABASE_URL', 'mysql://[bad'],
    ['DATABASE_URL', 'sqlite:'],
    ['MASTER_KEY', 'short'],
    ['MASTER_KEY', 'ab'.repeat(31)],
    ['MASTER_KEY', randomBytes(31).toString('base64')],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['ADMIN_TOKEN', 'too-short'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_URL', 'not a url'],
    ['AUTH_CACHE_TTL_MS', '999999'],
    ['SWAGGER_ENABLED', 'sometimes'],
  ])('rejects %s=%p with a ConfigError naming the variable', (variable, value) => {
    const e = configError({ ...base(), [variable]: value }, dir);
    expect(e.variable).toBe(variable);
    expect(e.message).toContain(variable);
    expect(e.message).not.toContain('\n');
  });

  it('requires MASTER_KEY in production', () => {
    const e = configError({ NODE_ENV: 'production', DATA_DIR: join(dir, 'data') }, dir);
    expect(e.variable).toBe('MASTER_KEY');
    expect(e.message).toBe('Invalid configuration: MASTER_KEY is required when NODE_ENV=production');
    expect(existsSync(join(dir, 'data', 'master.key'))).toBe(false);
  });

  it('starts in production with a MASTER_KEY', () => {
    const config = loadConfig({ NODE_ENV: 'production', MASTER_KEY: HEX_KEY, DATA_DIR: join(dir, 'data') }, dir);
    expect(config.masterKey.equals(Buffer.from(HEX_KEY, 'hex'))).toBe(true);
    expect(config.masterKeyGeneratedAt).toBeUndefined();
  });

  it('generates a master key into DATA_DIR with mode 0600 and reuses it on the next start', () => {
    const dataDir = join(dir, 'data');
    const first = loadConfig({ DATA_DIR: dataDir }, dir);
    const file = join(dataDir, 'master.key');
    expect(first.masterKeyGeneratedAt).toBe(file);
    expect(first.masterKey).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.masterKey.toString('hex'));

    const second = loadConfig({ DATA_DIR: dataDir }, dir);
    expect(second.masterKeyGeneratedAt).toBeUndefined();
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
  });

  it('prefers MASTER_KEY over a generated key file', () => {
    const dataDir = join(dir, 'data');
    loadConfig({ DATA_DIR: dataDir }, dir);
    expect(loadConfig({ DATA_DIR: dataDir, MASTER_KEY: HEX_KEY }, dir).masterKey.toString('hex')).toBe(HEX_KEY);
  });

  it('names MASTER_KEY when the key file is corrupt', () => {
    const dataDir = join(dir, 'data');
    loadConfig({ DATA_DIR: dataDir }, dir);
    writeFileSync(join(dataDir, 'master.key'), 'garbage\n');
    const e = configError({ DATA_DIR: dataDir }, dir);
    expect(e.variable).toContain('MASTER_KEY');
  });

  it('reads every documented variable', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'elsewhere'),
        DATABASE_URL: 'mysql://app:pw@db.example:3307/licenses',
        MIGRATIONS_RUN: 'false',
        MASTER_KEY: HEX_KEY,
        ADMIN_TOKEN: 'operator-token-0123456789',
        LOG_LEVEL: 'debug',
        LOG_REQUESTS: 'off',
        AUTH_CACHE_TTL_MS: '0',
        SWAGGER_ENABLED: 'no',
        REDIS_URL: 'redis://127.0.0.1:6379',
      },
      dir,
    );
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '127.0.0.1',
      dataDir: join(dir, 'elsewhere'),
      migrationsRun: false,
      adminToken: 'operator-token-0123456789',
      logLevel: 'debug',
      logRequests: false,
      authCacheTtlMs: 0,
      swaggerEnabled: false,
      redisUrl: 'redis://127.0.0.1:6379',
    });
    expect(config.database).toMatchObject({ type: 'mysql', host: 'db.example', port: 3307, username: 'app', password: 'pw', database: 'licenses' });
  });

  it('treats a blank variable as unset', () => {
    expect(loadConfig({ ...base(), PORT: '  ', ADMIN_TOKEN: '' }, dir)).toMatchObject({ port: 3000, adminToken: undefined });
  });
});

describe('parseDatabaseUrl', () => {
  it('parses mysql URLs with an optional, percent-encoded password and default port', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1/test', '/')).toMatchObject({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      username: 'root',
      password: '',
      database: 'test',
    });
    expect(parseDatabaseUrl('mysql://u%40x:p%3Aw%40rd@h:3310/db', '/')).toMatchObject({ username: 'u@x', password: 'p:w@rd', port: 3310 });
    expect(parseDatabaseUrl('mariadb://u@h/db', '/')).toMatchObject({ type: 'mysql', database: 'db' });
  });

  it('takes a Unix socket for a server on the same host, absolute paths only', () => {
    expect(parseDatabaseUrl('mysql://root@localhost/db?socket=/run/mysqld/mysqld.sock', '/')).toMatchObject({
      type: 'mysql',
      database: 'db',
      socketPath: '/run/mysqld/mysqld.sock',
    });
    expect(parseDatabaseUrl('mysql://root@localhost/db', '/')).not.toHaveProperty('socketPath');
    expect(() => parseDatabaseUrl('mysql://root@localhost/db?socket=mysqld.sock', '/')).toThrow(/DATABASE_URL socket must be an absolute path/);
  });

  it('accepts sqlite:// forms and :memory:', () => {
    expect(parseDatabaseUrl('sqlite://./x.db', '/work')).toEqual({ type: 'sqlite', path: '/work/x.db' });
    expect(parseDatabaseUrl('sqlite:///abs/x.db', '/work')).toEqual({ type: 'sqlite', path: '/abs/x.db' });
    expect(parseDatabaseUrl('sqlite::memory:', '/work')).toEqual({ type: 'sqlite', path: ':memory:' });
  });
});

describe('parseMasterKey', () => {
  const bytes = randomBytes(32);
  it('accepts 64 hex characters, base64 and base64url', () => {
    expect(parseMasterKey(bytes.toString('hex')).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString('hex').toUpperCase()).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString('base64url')).equals(bytes)).toBe(true);
    expect(parseMasterKey(`  ${bytes.toString('hex')}\n`).equals(bytes)).toBe(true);
  });

  it.each(['', 'x'.repeat(64), randomBytes(33).toString('base64'), randomBytes(16).toString('hex')])('rejects %p', (value) => {
    expect(() => parseMasterKey(value)).toThrow(ConfigError);
  });
});
