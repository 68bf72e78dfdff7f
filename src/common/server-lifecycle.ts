import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as Pino } from 'pino';
import { closeLogger } from './logging/logger';

/** What the server process says when it cannot bind its port: the cause and the way out, in one line. */
const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'is already in use (EADDRINUSE): stop the program that holds it or set PORT to another port',
  EACCES: 'may not be bound by this user (EACCES): use a port above 1023 or run with the needed privilege',
  EADDRNOTAVAIL: 'is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its addresses, or 0.0.0.0',
};

export class ListenError extends Error {}

/** `http://host:port` (IPv6 hosts in brackets). */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Binds the port and logs one "listening on http://HOST:PORT" line. A port that cannot be bound
 * rejects with a ListenError whose message names the port, the cause and the way out.
 */
export async function listen(app: NestFastifyApplication, host: string, port: number, logger: Pino): Promise<string> {
  try {
    await app.listen({ port, host });
  } catch (e) {
    const problem = LISTEN_PROBLEMS[(e as NodeJS.ErrnoException).code ?? ''];
    if (problem) throw new ListenError(`port ${port} on ${host} ${problem}`);
    throw e;
  }
  const bound = (app.getHttpServer().address() as AddressInfo).port; // PORT=0 picks a free one
  const url = serverUrl(host, bound);
  logger.info({ url }, `listening on ${url}`);
  return url;
}

/**
 * SIGTERM and SIGINT stop the server gracefully: a line when the signal arrives, Nest's shutdown
 * hooks (open requests finish, buffered log rows are written, connections close), a line when it is
 * done; then the signal is raised again so the process ends the way the signal says. Repeats while
 * stopping (Ctrl-C reaches both npm and the server) are ignored.
 */
export function stopOnSignals(app: NestFastifyApplication, logger: Pino, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal} received: stopping`);
    app.close().then(
      () => {
        logger.info({ signal }, 'stopped');
        for (const s of signals) process.removeListener(s, onSignal);
        closeLogger(logger, () => process.kill(process.pid, signal));
      },
      (e: unknown) => {
        logger.error({ err: e }, 'error while stopping');
        closeLogger(logger, () => process.exit(1));
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
}
