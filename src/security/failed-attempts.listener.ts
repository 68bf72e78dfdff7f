import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../config/app.config';
import { SecurityEvents } from '../common/events';
import { isDatabaseUnavailable } from '../database/db-errors';
import type { GuessingSignPayload } from '../common/events';
import { clientSubject } from './ip-address';
import { IpRulesService } from './ip-rules.service';
import { SecurityRedis } from './redis-connection';

/** INCR that starts the window on the first failure. */
const COUNT_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;
const COUNT_COMMAND = 'licenseServerCountFailure';

/**
 * Counts per key in a fixed window that starts at the first count. In Redis when it is configured
 * (all instances count together), else in memory; while Redis fails or is not connected it counts
 * on this instance, reported through SecurityRedis.unavailable (one warning per outage), as the
 * rate limiter does.
 */
@Injectable()
export class FailureCounter {
  private readonly memory = new Map<string, { count: number; expiresAt: number }>();

  constructor(private readonly redis: SecurityRedis) {
    redis.client?.defineCommand(COUNT_COMMAND, { numberOfKeys: 1, lua: COUNT_LUA });
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const client = this.redis.client;
    if (client && client.status === 'ready') {
      try {
        const command = (client as unknown as Record<string, (k: string, ms: number) => Promise<number>>)[COUNT_COMMAND];
        return Number(await command.call(client, key, windowMs));
      } catch (err) {
        this.redis.unavailable(err as Error); // and count on this instance
      }
    } else if (client) {
      this.redis.unavailable(new Error(`Redis connection is ${client.status}`));
    }
    const now = Date.now();
    if (this.memory.size > 50_000) for (const [k, v] of this.memory) if (v.expiresAt <= now) this.memory.delete(k);
    const entry = this.memory.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.memory.set(key, { count: 1, expiresAt: now + windowMs });
      return 1;
    }
    return ++entry.count;
  }

  async reset(key: string): Promise<void> {
    this.memory.delete(key);
    const client = this.redis.client;
    if (!client) return;
    if (client.status !== 'ready') return this.redis.unavailable(new Error(`Redis connection is ${client.status}`));
    try {
      await client.del(key);
    } catch (err) {
      this.redis.unavailable(err as Error);
    }
  }
}

/**
 * Automatic IP blocking (DECISIONS A5): signs of guessing (SecurityEvents.GuessingSign: unknown
 * license keys, wrong secrets, User-API-Keys and lead tokens) are counted per client (its IPv4
 * address or IPv6 /64) across keys; IP_BLOCK_THRESHOLD of them within IP_BLOCK_WINDOW_SECONDS
 * block that client for IP_BLOCK_DURATION_HOURS. A refusal of a real license is never a sign.
 * The counter key holds only the keyed hash of the client, never the clear IP.
 */
@Injectable()
export class FailedAttemptsListener implements OnApplicationShutdown {
  private readonly logger = new Logger('IpBlocking');
  private readonly inFlight = new Set<Promise<void>>();
  /** counting still running per client IP: that client's failing answer waits for it (see security.hooks) */
  private readonly inFlightByIp = new Map<string, Set<Promise<void>>>();

  constructor(
    private readonly config: AppConfig,
    private readonly rules: IpRulesService,
    private readonly counter: FailureCounter,
    private readonly redis: SecurityRedis,
  ) {}

  @OnEvent(SecurityEvents.GuessingSign)
  onGuessingSign(payload: GuessingSignPayload): Promise<void> {
    const work = this.count(payload);
    this.inFlight.add(work);
    const ip = payload?.ip;
    let forIp: Set<Promise<void>> | undefined;
    if (ip) {
      forIp = this.inFlightByIp.get(ip) ?? new Set();
      forIp.add(work);
      this.inFlightByIp.set(ip, forIp);
    }
    void work.finally(() => {
      this.inFlight.delete(work);
      if (ip && forIp) {
        forIp.delete(work);
        if (forIp.size === 0 && this.inFlightByIp.get(ip) === forIp) this.inFlightByIp.delete(ip);
      }
    });
    return work;
  }

  /**
   * Resolves when the signs of this client counted so far are counted (and a block they caused is
   * in force), or at once (undefined) when none is pending: the failing answer is sent only after
   * this, so the client's next request already meets the block.
   */
  settledFor(ip: string | undefined): Promise<void> | undefined {
    const pending = ip ? this.inFlightByIp.get(ip) : undefined;
    if (!pending || pending.size === 0) return undefined;
    return Promise.all([...pending]).then(() => undefined);
  }

  /** Resolves when every sign received so far has been counted (and any block written). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async count(payload: GuessingSignPayload): Promise<void> {
    const settings = this.config.security.ipBlock;
    if (!settings.enabled || !payload?.ip) return;
    try {
      if (this.rules.isAllowListed(payload.ip)) return;
      if (this.rules.verdict(payload.ip).kind === 'deny') return; // already blocked
      const key = this.redis.key('ip-guess', this.rules.subjectHash(payload.ip));
      const count = await this.counter.increment(key, settings.windowSeconds * 1000);
      if (count < settings.threshold) return;
      await this.rules.block(payload.ip, `${count} signs of guessing in ${settings.windowSeconds} s (last: ${payload.sign})`);
      await this.counter.reset(key);
    } catch (err) {
      // the request has its answer already; an outage is reported (503) where requests meet it
      if (isDatabaseUnavailable(err)) this.logger.warn({ err: { message: (err as Error).message } }, 'Database unavailable: a sign of guessing was not counted or its block not written');
      else this.logger.error({ err }, 'Counting a sign of guessing failed');
    }
  }
}
