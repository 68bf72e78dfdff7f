import { randomBytes } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { SecurityRedis } from './redis-connection';

/** One request counted against a limit (what @nestjs/throttler's storage returns; times in seconds). */
export interface RateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * A sliding-window log in memory: a key holds the times of the requests it let through in the
 * last `ttl` ms. A request is refused (and not recorded) when `limit` of them are still in the
 * window; it may retry when the oldest one leaves the window.
 */
export class MemoryRateLimitStore {
  private readonly hits = new Map<string, number[]>();
  private sweeps = 0;

  increment(key: string, ttl: number, limit: number, now = Date.now()): RateLimitRecord {
    let log = this.hits.get(key);
    if (!log) {
      log = [];
      this.hits.set(key, log);
    }
    let start = 0;
    while (start < log.length && log[start] <= now - ttl) start++;
    if (start > 0) log.splice(0, start);
    const blocked = log.length >= limit;
    if (!blocked) log.push(now);
    if (++this.sweeps >= 10_000) this.sweep(now, ttl);
    const untilOldestLeaves = Math.max(1, Math.ceil((log[0] + ttl - now) / 1000));
    return {
      totalHits: blocked ? limit + 1 : log.length,
      timeToExpire: untilOldestLeaves,
      isBlocked: blocked,
      timeToBlockExpire: blocked ? untilOldestLeaves : 0,
    };
  }

  /** Drops keys whose newest hit has left the window (all tiers use the same window). */
  sweep(now = Date.now(), ttl = 60_000): void {
    this.sweeps = 0;
    for (const [key, log] of this.hits) if (log.length === 0 || log[log.length - 1] <= now - ttl) this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }
}

/**
 * The same sliding-window log in a Redis sorted set, so that every instance counts against one
 * total. Redis' own clock is used, so instances with skewed clocks agree.
 */
const SLIDING_WINDOW_LUA = `
local key = KEYS[1]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
local count = redis.call('ZCARD', key)
local blocked = 0
if count >= limit then
  blocked = 1
else
  redis.call('ZADD', key, now, ARGV[3])
  count = count + 1
  redis.call('PEXPIRE', key, ttl)
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local wait = ttl
if oldest[2] then wait = tonumber(oldest[2]) + ttl - now end
return {count, blocked, wait}
`;

const SLIDING_WINDOW_COMMAND = 'licenseServerSlidingWindow';
type SlidingWindowCommand = (key: string, ttl: number, limit: number, member: string) => Promise<[number, number, number]>;

/**
 * The throttler's storage: Redis when REDIS_URL is set (shared by all instances), else memory.
 * If Redis fails, that request is counted in memory instead (limits then hold per instance);
 * SecurityRedis logs the outage once.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly memory = new MemoryRateLimitStore();
  private readonly nonce = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(private readonly redis: SecurityRedis) {
    // EVALSHA with a fallback to EVAL: the script is sent once per connection, not per request
    redis.client?.defineCommand(SLIDING_WINDOW_COMMAND, { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
  }

  async increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    const client = this.redis.client;
    if (client && client.status === 'ready') {
      try {
        const member = `${this.nonce}:${++this.sequence}`;
        const command = (client as unknown as Record<string, SlidingWindowCommand>)[SLIDING_WINDOW_COMMAND];
        const [count, blocked, waitMs] = await command.call(client, key, ttl, limit, member);
        const wait = Math.max(1, Math.ceil(Number(waitMs) / 1000));
        return {
          totalHits: blocked ? limit + 1 : Number(count),
          timeToExpire: wait,
          isBlocked: blocked === 1,
          timeToBlockExpire: blocked ? wait : 0,
        };
      } catch (err) {
        this.redis.unavailable(err as Error);
      }
    } else if (client) {
      this.redis.unavailable(new Error(`Redis connection is ${client.status}`));
    }
    return this.memory.increment(key, ttl, limit);
  }

  onApplicationShutdown(): void {
    this.memory.clear();
  }
}
