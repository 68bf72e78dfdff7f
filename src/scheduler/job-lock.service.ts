import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { withTransaction } from '../database/transaction';
import { JobLock } from './entities/job-lock.entity';

/** Deletes the lock only if this holder still owns it. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * One cluster-wide lock per job, so a job runs once at a time across every instance: Redis
 * `SET NX PX` when REDIS_URL is set (and Redis answers), else a row in `job_locks`. A lock
 * expires after JOB_LOCK_TTL_SECONDS, so a crashed holder cannot block its job for ever.
 */
@Injectable()
export class JobLockService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobLock');
  private readonly redis?: Redis;
  private readonly ttlMs: number;
  private readonly prefix: string;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    config: AppConfig,
  ) {
    this.ttlMs = config.notifications.scheduler.lockTtlSeconds * 1000;
    this.prefix = `${config.security.redisKeyPrefix}job-lock:`;
    if (config.redisUrl) {
      // a frozen Redis fails a command within REDIS_COMMAND_TIMEOUT_MS, and the database lock is used
      this.redis = new Redis(config.redisUrl, {
        lazyConnect: true,
        connectTimeout: 5000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        commandTimeout: config.timeouts.redisCommandMs,
      });
      this.redis.on('error', (err: Error) => this.logger.warn({ err: { message: err.message } }, 'Redis connection error'));
    }
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.redis?.connect();
    } catch (err) {
      this.logger.error({ err: { message: (err as Error).message } }, 'Redis unreachable at start: job locks use the database until it answers');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** The holder token when the lock was taken, null when another run holds it. */
  async acquire(job: string): Promise<string | null> {
    const holder = randomBytes(16).toString('hex');
    if (this.redis && this.redis.status === 'ready') {
      try {
        const ok = await this.redis.set(this.prefix + job, holder, 'PX', this.ttlMs, 'NX');
        return ok === 'OK' ? `redis:${holder}` : null;
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message } }, 'Redis lock failed; using the database lock');
      }
    }
    try {
      return (await this.acquireRow(job, holder)) ? `db:${holder}` : null;
    } catch (err) {
      // a database hiccup (lock wait timeout, lost connection) means "not now", never a failed request
      this.logger.warn({ err: { message: (err as Error).message }, job }, 'Could not take the job lock; skipping this run');
      return null;
    }
  }

  async release(job: string, token: string): Promise<void> {
    const [kind, holder] = token.split(':');
    try {
      if (kind === 'redis') await this.redis?.eval(RELEASE_SCRIPT, 1, this.prefix + job, holder);
      // expire the row rather than delete it: the row stays, so acquiring never races on an INSERT
      else await withTransaction(this.ds, (m) => m.getRepository(JobLock).update({ name: job, holder }, { expiresAt: new Date(0) }));
    } catch (err) {
      // it expires on its own after the TTL
      this.logger.warn({ err: { message: (err as Error).message }, job }, 'Could not release a job lock');
    }
  }

  /**
   * Takes the job's row when its lock has expired. The row is created once (INSERT IGNORE, as
   * already expired) and from then on only ever updated, by primary key, with a conditional
   * UPDATE: racing instances serialize on that one row and exactly one sees a changed row.
   * (Racing INSERT/DELETE of the same key deadlocks on InnoDB: duplicate-key checks take shared
   * locks that the waiters then both try to upgrade.)
   */
  private async acquireRow(job: string, holder: string): Promise<boolean> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const mysql = this.ds.options.type === 'mysql';
    await withTransaction(this.ds, (m) =>
      m.query(
        mysql
          ? 'INSERT IGNORE INTO `job_locks` (`name`, `holder`, `expires_at`) VALUES (?, ?, ?)'
          : 'INSERT OR IGNORE INTO "job_locks" ("name", "holder", "expires_at") VALUES (?, ?, ?)',
        [job, '', mysql ? new Date(0) : '1970-01-01 00:00:00.000'],
      ),
    );
    const taken = await withTransaction(this.ds, (m) =>
      m.getRepository(JobLock).update({ name: job, expiresAt: LessThanOrEqual(now) }, { holder, expiresAt }),
    );
    return (taken.affected ?? 0) > 0;
  }
}
