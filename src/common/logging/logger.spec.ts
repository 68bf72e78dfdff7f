import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoNestLogger, REDACT_PATHS } from './logger';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, sink);
  return { logger, lines };
}

describe('log redaction', () => {
  const SECRET = 'Zq3sV9dLw0pX7yT2bN5mK8hJ4gF6cR1aE0uI3oP9sD2';

  it('redacts credential headers of a logged request', () => {
    const { logger, lines } = capture();
    logger.info({
      req: {
        headers: {
          'user-api-key': 'K7QX2M',
          authorization: `Bearer ${SECRET}`,
          'x-admin-token': SECRET,
          'x-cron-token': SECRET,
          'appza-hash': SECRET,
          'user-agent': 'kept',
        },
      },
    });
    const out = lines.join('');
    expect(out).not.toContain('K7QX2M');
    expect(out).not.toContain(SECRET);
    expect(out).toContain('kept');
  });

  it('redacts secret-named fields one level down', () => {
    const { logger, lines } = capture();
    logger.info({ tenant: { secret: SECRET, apiKey: 'K7QX2M', license_key: 'LK', masterKey: SECRET, token: SECRET, name: 'acme' } });
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('K7QX2M');
    expect(out).not.toContain('"LK"');
    expect(out).toContain('acme');
  });

  it("redacts a failed query's bound values and driver SQL but keeps the error message", () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('query failed'), {
      query: 'INSERT INTO licenses (license_key) VALUES (?)',
      parameters: [SECRET],
      sql: `INSERT INTO licenses (license_key) VALUES ('${SECRET}')`,
      driverError: { sql: `INSERT ... '${SECRET}'`, parameters: [SECRET] },
    });
    logger.error({ err }, 'Unhandled error');
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(out).toContain('query failed');
    expect(out).toContain('INSERT INTO licenses (license_key) VALUES (?)');
  });

  it('PinoNestLogger writes Nest log calls as JSON lines with their context', () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Bootstrap');
    nest.warn({ file: '/data/master.key' }, 'generated', 'Config');
    nest.error(new Error('boom'), 'Exceptions');
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0]).toMatchObject({ msg: 'started', context: 'Bootstrap', level: 30 });
    expect(parsed[1]).toMatchObject({ msg: 'generated', context: 'Config', file: '/data/master.key', level: 40 });
    expect(parsed[2]).toMatchObject({ msg: 'boom', context: 'Exceptions', level: 50 });
  });

  it("PinoNestLogger logs Nest's start-up lines (modules, routes, 'successfully started') at debug, not info", () => {
    const { logger, lines } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('Starting Nest application...', 'NestFactory');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('HealthController {/health}:', 'RoutesResolver');
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    nest.log('Nest application successfully started', 'NestApplication');
    nest.error('Error: listen EADDRINUSE: address already in use 0.0.0.0:3000', 'NestApplication');
    nest.log('Scheduler on', 'Scheduler');
    nest.error('Error: something else', 'NestApplication');
    const parsed = lines.map((l) => JSON.parse(l));
    // said before the port is bound, which may still fail: never "successfully started"
    expect(parsed[4].msg).toBe('Nest application initialized');
    const levels = parsed.map((l) => [l.context, l.level]);
    expect(levels).toEqual([
      ['NestFactory', 20],
      ['InstanceLoader', 20],
      ['RoutesResolver', 20],
      ['RouterExplorer', 20],
      ['NestApplication', 20],
      ['NestApplication', 20],
      ['Scheduler', 30],
      ['NestApplication', 50],
    ]);
  });
});
