import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';

/** Header and field names whose values never reach a log line. */
export const REDACT_PATHS = [
  'req.headers["user-api-key"]',
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers["x-cron-token"]',
  'req.headers["appza-hash"]',
  'req.headers["lazy-task-hash"]',
  'req.headers["fcom-mobile-hash"]',
  'headers["user-api-key"]',
  'headers.authorization',
  '*.secret',
  '*.secretKey',
  '*.secret_key',
  '*.apiKey',
  '*.api_key',
  '*.masterKey',
  '*.license_key',
  '*.licenseKey',
  '*.token',
  '*.password',
  // a failed query's bound values and the SQL a driver formatted with them (license keys,
  // ciphertexts, e-mail addresses); the parameterized query text itself stays for debugging
  'err.parameters',
  'err.sql',
  'err.driverError.parameters',
  'err.driverError.sql',
];

export function createPinoLogger(level: string, destination: 'stdout' | 'stderr' = 'stdout'): Pino {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: destination === 'stdout' ? 1 : 2, sync: destination === 'stderr' }),
  );
}

/**
 * Writes out every line the logger still holds, then calls `done`; the logger writes nothing after
 * this. (pino's flush(cb) does not wait for a write in flight; a process that ends itself right after
 * logging would lose its last lines.)
 */
export function closeLogger(logger: Pino, done: () => void): void {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | { end?: () => void; once?: (event: string, listener: () => void) => void }
    | undefined;
  if (typeof stream?.end !== 'function' || typeof stream.once !== 'function') return done();
  stream.once('close', done);
  stream.end();
}

/**
 * Nest's start-up chatter, one info line per module, controller and route (over a hundred), is detail
 * for LOG_LEVEL=debug: main.ts logs one "listening on http://..." line once the port is bound.
 */
const STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace';

/** The level a Nest framework line is logged at. */
export function nestLineLevel(level: Level, context: string | undefined, message: unknown): Level {
  // (its wording, "Nest application successfully started", comes before the port is bound: see nestLineText)
  if (level === 'info' && context && STARTUP_CONTEXTS.has(context)) return 'debug';
  // NestApplication.listen logs a failed listen (EADDRINUSE) before rejecting; main.ts reports it in one line
  if (level === 'error' && context === 'NestApplication' && typeof message === 'string' && message.startsWith('Error: listen ')) return 'debug';
  return level;
}

/** Nest says "successfully started" once the modules are up, before the port is bound (which may fail). */
function nestLineText(context: string | undefined, message: string): string {
  return context === 'NestApplication' && message === 'Nest application successfully started' ? 'Nest application initialized' : message;
}

/** Nest's LoggerService on top of pino, so framework and app logs are the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  private write(requested: Level, message: unknown, params: unknown[]) {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const level = nestLineLevel(requested, context, message);
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof params[0] === 'string' ? (params.shift() as string) : undefined;
      this.pino[level]({ context, ...(message as object) }, text);
      return;
    }
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
      return;
    }
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    this.pino[level]({ context, ...(stack ? { stack } : {}) }, nestLineText(context, String(message)));
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
}
