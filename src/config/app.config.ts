import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { bool, ConfigError, Env, int, oneOf, optionalStr, str, url } from './env';
import { loadSecurityConfig, SecurityConfig } from './security.config';
import { loadLogsConfig, LogsConfig } from './logs.config';
import { BridgeConfig, loadBridgeConfig } from './bridge.config';
import { loadProductsConfig, ProductsConfig } from './products.config';
import { loadNotificationsConfig, NotificationsConfig } from './notifications.config';
import { loadTimeoutsConfig, TimeoutsConfig } from './timeouts.config';
import { loadOutboundConfig, OutboundConfig } from './outbound.config';
import { CorsConfig, loadCorsConfig } from './cors.config';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | {
      type: 'mysql';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
      url: string;
      /** Unix socket of a server on the same host (`?socket=/run/mysqld/mysqld.sock`): cheaper than TCP */
      socketPath?: string;
    };

/**
 * The validated, frozen configuration. Injected by class token (`AppConfig`); built once by
 * `loadConfig`. Nothing else in the code base reads process.env.
 */
export class AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly migrationsRun: boolean;
  readonly masterKey: Buffer;
  /** Set when the master key was generated at this start (so we can warn once). */
  readonly masterKeyGeneratedAt?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logRequests: boolean;
  readonly adminToken?: string;
  readonly redisUrl?: string;
  readonly authCacheTtlMs: number;
  readonly swaggerEnabled: boolean;
  readonly security: SecurityConfig;
  readonly logs: LogsConfig;
  readonly bridge: BridgeConfig;
  readonly products: ProductsConfig;
  readonly notifications: NotificationsConfig;
  readonly timeouts: TimeoutsConfig;
  readonly outbound: OutboundConfig;
  readonly cors: CorsConfig;
}

const MASTER_KEY_FILE = 'master.key';

export function parseMasterKey(value: string, variable = 'MASTER_KEY'): Buffer {
  const v = value.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(v)) key = Buffer.from(v, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) throw new ConfigError(variable, 'must be 32 bytes, as 64 hex characters or base64');
  return key;
}

export function parseDatabaseUrl(value: string, cwd: string): DatabaseConfig {
  if (value.startsWith('sqlite:')) {
    let p = value.slice('sqlite:'.length);
    if (p.startsWith('//')) p = p.slice(2); // sqlite://./x.db or sqlite:///abs/x.db
    if (p === '') throw new ConfigError('DATABASE_URL', 'needs a file path after sqlite:');
    return { type: 'sqlite', path: p === ':memory:' ? p : isAbsolute(p) ? p : resolve(cwd, p) };
  }
  if (value.startsWith('mysql://') || value.startsWith('mariadb://')) {
    let u: URL;
    try {
      u = new URL(value.replace(/^mariadb:/, 'mysql:'));
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid mysql:// URL');
    }
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!database) throw new ConfigError('DATABASE_URL', 'needs a database name (mysql://user:pass@host:3306/db)');
    const socketPath = u.searchParams.get('socket') ?? undefined;
    if (socketPath !== undefined && !isAbsolute(socketPath)) {
      throw new ConfigError('DATABASE_URL', 'socket must be an absolute path (mysql://user@localhost/db?socket=/run/mysqld/mysqld.sock)');
    }
    return {
      type: 'mysql',
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 3306,
      username: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''),
      database,
      url: value,
      ...(socketPath ? { socketPath } : {}),
    };
  }
  throw new ConfigError('DATABASE_URL', 'must start with sqlite: or mysql://');
}

function loadOrCreateMasterKey(env: Env, nodeEnv: string, dataDir: string): { key: Buffer; generatedAt?: string } {
  const given = optionalStr(env, 'MASTER_KEY');
  if (given) return { key: parseMasterKey(given) };
  if (nodeEnv === 'production') throw new ConfigError('MASTER_KEY', 'is required when NODE_ENV=production');
  const file = resolve(dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return { key: parseMasterKey(readFileSync(file, 'utf8'), `MASTER_KEY (from ${file})`) };
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process won the race
  }
  chmodSync(file, 0o600);
  return { key: parseMasterKey(readFileSync(file, 'utf8')), generatedAt: file };
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = resolve(cwd, str(env, 'DATA_DIR', './data'));
  const database = parseDatabaseUrl(str(env, 'DATABASE_URL', 'sqlite:./data/license.db'), cwd);
  if (database.type === 'sqlite' && database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const master = loadOrCreateMasterKey(env, nodeEnv, dataDir);
  const adminToken = optionalStr(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters');

  const config: AppConfig = Object.assign(Object.create(AppConfig.prototype) as AppConfig, {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST', '0.0.0.0'),
    dataDir,
    database,
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    masterKey: master.key,
    masterKeyGeneratedAt: master.generatedAt,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, nodeEnv === 'test' ? 'warn' : 'info'),
    logRequests: bool(env, 'LOG_REQUESTS', true),
    adminToken,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    authCacheTtlMs: int(env, 'AUTH_CACHE_TTL_MS', 1000, 0, 60_000),
    swaggerEnabled: bool(env, 'SWAGGER_ENABLED', true),
    security: loadSecurityConfig(env),
    logs: loadLogsConfig(env),
    bridge: loadBridgeConfig(env),
    products: loadProductsConfig(env, dataDir, cwd),
    notifications: loadNotificationsConfig(env, nodeEnv),
    timeouts: loadTimeoutsConfig(env),
    outbound: loadOutboundConfig(env),
    cors: loadCorsConfig(env),
  });
  return Object.freeze(config);
}
