import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app.config';

/**
 * The security layer's Redis connections (when REDIS_URL is set): one for commands, one for
 * pub/sub. Commands fail at once while Redis is unreachable (no offline queue), so callers fall
 * back to their per-instance state instead of making requests wait.
 */
@Injectable()
export class SecurityRedis implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SecurityRedis');
  readonly client?: Redis;
  readonly subscriber?: Redis;
  readonly prefix: string;

  constructor(config: AppConfig) {
    this.prefix = config.security.redisKeyPrefix;
    if (config.redisUrl) {
      const common = { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1 };
      this.client = new Redis(config.redisUrl, { ...common, enableOfflineQueue: false });
      this.subscriber = new Redis(config.redisUrl, { ...common });
      for (const conn of [this.client, this.subscriber]) {
        conn.on('error', (err: Error) => this.logger.warn({ err: { message: err.message } }, 'Redis connection error'));
      }
    }
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
