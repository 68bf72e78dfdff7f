import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Command, RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app.config';

/** What a command deadline rejects with (the message ioredis uses for its own `commandTimeout`). */
export const COMMAND_TIMED_OUT = 'Command timed out';

/**
 * A Redis connection whose commands fail after `deadlineMs` without an answer, like ioredis'
 * `commandTimeout`, but not fooled by a stalled event loop: ioredis' timer runs in the timers
 * phase, before the poll phase reads a reply that arrived during the stall, so a busy process
 * (a long GC, synchronous work) failed commands that Redis had answered, took Redis for frozen and
 * dropped the connection. Here the expired timer looks again after the pending I/O has been read
 * (setImmediate runs after the poll phase): only a command still unanswered then fails.
 */
export class DeadlineRedis extends Redis {
  private deadlineMs = 0;

  constructor(url: string, options: RedisOptions, deadlineMs: number) {
    super(url, options);
    this.deadlineMs = deadlineMs;
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    if (this.deadlineMs > 0) {
      const timer = setTimeout(() => {
        setImmediate(() => {
          if (!command.isResolved) command.reject(new Error(COMMAND_TIMED_OUT));
        });
      }, this.deadlineMs);
      const clear = () => clearTimeout(timer);
      command.promise.then(clear, clear);
    }
    return super.sendCommand(command, stream);
  }
}

/**
 * The security layer's Redis connections (when REDIS_URL is set): one for commands, one for
 * pub/sub. Commands fail at once while Redis is unreachable (no offline queue) and within
 * REDIS_COMMAND_TIMEOUT_MS while it does not answer (frozen), so callers fall back to their
 * per-instance state instead of making requests wait; they report that through `unavailable`,
 * which logs one warning per outage (and one line when Redis answers again).
 */
@Injectable()
export class SecurityRedis implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SecurityRedis');
  readonly client?: Redis;
  readonly subscriber?: Redis;
  readonly prefix: string;
  /** set while Redis is out (its warning logged), until the command connection is ready again */
  private outage = false;

  constructor(config: AppConfig) {
    this.prefix = config.security.redisKeyPrefix;
    if (config.redisUrl) {
      const common = { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1 };
      this.client = new DeadlineRedis(config.redisUrl, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 }, config.timeouts.redisCommandMs);
      this.subscriber = new Redis(config.redisUrl, { ...common });
      for (const conn of [this.client, this.subscriber]) conn.on('error', (err: Error) => this.unavailable(err));
      this.client.on('ready', () => {
        if (!this.outage) return;
        this.outage = false;
        this.logger.log('Redis answers again: rate limits and IP rules are shared again');
      });
    }
  }

  /**
   * A Redis command failed (or was not tried) and the caller used its per-instance state.
   * A command that timed out means a connection that no longer answers: its socket is
   * destroyed (a graceful close would wait on the silent server) and ioredis reconnects, so that
   * until Redis answers (`ready`) callers skip it without waiting.
   */
  unavailable(err: Error): void {
    if (!this.outage) {
      this.outage = true;
      this.logger.warn({ err: { message: err.message } }, 'Redis unavailable: rate limits and IP rules use per-instance state until it answers');
    }
    if (err.message === COMMAND_TIMED_OUT && this.client?.status === 'ready') this.client.stream?.destroy();
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** A key or channel name under REDIS_KEY_PREFIX. */
  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async onModuleInit(): Promise<void> {
    if (!this.client || !this.subscriber) return;
    try {
      await Promise.all([this.client.connect(), this.subscriber.connect()]);
    } catch (err) {
      this.logger.error(
        { err: { message: (err as Error).message } },
        'Redis unreachable at start: rate limits and IP blocks use per-instance state until it answers',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.client, this.subscriber].map(async (conn) => {
        if (!conn) return;
        try {
          await conn.quit();
        } catch {
          conn.disconnect();
        }
      }),
    );
  }
}
