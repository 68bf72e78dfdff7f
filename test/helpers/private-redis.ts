import { Redis } from 'ioredis';
import { freePort } from './spawn';
import { PrivateProcess, requireBinary, startPrivateProcess, waitUntil } from './private-server';

/** A redis-server of one test file's own (free port on 127.0.0.1, nothing saved to disk), to freeze and kill. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly server: PrivateProcess;
  /** starts it again on the same port after a kill (empty: it saves nothing) */
  restart(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const redisServer = requireBinary('redis-server', 'the Redis fault tests start a private Redis server of their own (apt-get install redis-server)');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', '/tmp'];
  const boot = async () => {
    const server = startPrivateProcess(redisServer, args);
    await waitUntil(
      async () => {
        const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await c.connect();
          return (await c.ping()) === 'PONG';
        } finally {
          c.disconnect();
        }
      },
      `private Redis on port ${port}`,
      server,
    );
    return server;
  };
  let server = await boot();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get server() {
      return server;
    },
    restart: async () => {
      await server.kill();
      server = await boot();
    },
    remove: () => server.kill(),
  };
}
