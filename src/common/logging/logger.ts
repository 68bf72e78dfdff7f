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

/** Nest's LoggerService on top of pino, so framework and app logs are the same JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, params: unknown[]) {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
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
    this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
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
