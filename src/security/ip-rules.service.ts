import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import { isUniqueViolation } from '../database/db-errors';
import { IpRule, IpRuleSource, IpRuleType } from './entities/ip-rule.entity';
import { clientSubject, parseClientIp, parseIpRange, rangeContains } from './ip-address';
import { configAllowEntries, IpRuleEntry, IpRuleSet, IpVerdict } from './ip-rule-set';
import { SecurityRedis } from './redis-connection';

export class IpRuleNotFoundError extends Error {}
export class InvalidIpRangeError extends Error {}

/** A rule's expiry as the operator gives it: ISO 8601, UTC when it has no offset; undefined unless in the future. */
export function parseRuleExpiry(value: string): Date | undefined {
  // a date-time without an offset is UTC (JavaScript would read it as local time)
  const date = new Date(/T[\d:.]+$/.test(value) ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) || date.getTime() <= Date.now() ? undefined : date;
}

export interface NewIpRule {
  type: IpRuleType;
  ip: string;
  note?: string;
  expiresAt?: Date | null;
}

/** A rule as the operator API lists it (configuration rules have no id and no row). */
export interface IpRuleView {
  id: number | null;
  type: IpRuleType;
  source: IpRuleSource | 'config';
  ip: string | null;
  ipHash: string | null;
  note: string;
  expiresAt: Date | null;
  createdAt: Date | null;
}

/**
 * Allow and deny rules and automatic blocks. The database is the source of truth; every instance
 * keeps the active rules in memory for the per-request check. A change is written to the database,
 * then a version counter in Redis is bumped and announced on a pub/sub channel, so the other
 * instances reload at once. A request that the local copy would refuse is confirmed against that
 * version first, so an unblock on one instance takes effect on every instance before its response
 * is sent. Without Redis, instances re-read the rules every IP_RULES_REFRESH_SECONDS.
 */
@Injectable()
export class IpRulesService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('IpRules');
  private readonly rules = new IpRuleSet();
  private readonly configEntries: IpRuleEntry[];
  private readonly subjectKey: Buffer;
  private readonly repo: Repository<IpRule>;
  private readonly instanceId = randomBytes(8).toString('hex');
  private loadedVersion: string | null = null;
  private reloadPending = false;
  private reloadRunning?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly config: AppConfig,
    crypto: CryptoService,
    private readonly redis: SecurityRedis,
  ) {
    this.repo = ds.getRepository(IpRule);
    this.configEntries = configAllowEntries(config.security.ipAllowlist);
    // Not the daily-salted hashIp: a block outlives the day its salt belongs to.
    this.subjectKey = crypto.derive('license-server/ip-block/v1', 'global');
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.reload();
    } catch (err) {
      // e.g. MIGRATIONS_RUN=false before the migrations ran: start with IP_ALLOWLIST only, retry on refresh
      this.logger.error({ err: { message: (err as Error).message } }, 'Could not load the IP rules; retrying on the next refresh');
    }
    const subscriber = this.redis.subscriber;
    if (subscriber) {
      subscriber.on('message', (channel: string, message: string) => {
        if (channel !== this.channel || message.startsWith(`${this.instanceId}:`)) return;
        this.reload().catch((err) => this.logger.error({ err }, 'Reloading IP rules failed'));
      });
      try {
        await subscriber.subscribe(this.channel);
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message } }, 'Could not subscribe to IP rule changes; relying on the periodic refresh');
      }
    }
    this.timer = setInterval(() => {
      this.refresh().catch((err) => this.logger.error({ err }, 'Periodic IP rule refresh failed'));
    }, this.config.security.ipRulesRefreshSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  private get channel(): string {
    return this.redis.key('ip-rules', 'changed');
  }

  private get versionKey(): string {
    return this.redis.key('ip-rules', 'version');
  }

  /** Keyed hash of what a client is blocked as (its IPv4 address or IPv6 /64): stored for automatic blocks. */
  subjectHash(ip: string): string {
    return createHmac('sha256', this.subjectKey).update(clientSubject(ip)).digest('hex');
  }

  /** The verdict from this instance's copy of the rules (synchronous: the hot path). */
  verdict(ip: string | undefined): IpVerdict {
    return this.rules.check(ip, () => this.subjectHash(ip ?? ''));
  }

  isAllowListed(ip: string | undefined): boolean {
    return this.rules.isAllowed(ip);
  }

  /**
   * Called when the local copy refuses a client. With Redis, makes sure the copy is current (a
   * rule may have just been removed on another instance) and answers whether the client is still
   * refused. Without Redis (or if it fails) the local copy stands.
   */
  async confirmDeny(ip: string | undefined): Promise<boolean> {
    const client = this.redis.client;
    if (!client || client.status !== 'ready') return true;
    let version: string | null;
    try {
      version = await client.get(this.versionKey);
    } catch (err) {
      this.redis.unavailable(err as Error);
      return true;
    }
    if (version === this.loadedVersion) return true;
    await this.reload();
    return this.verdict(ip).kind === 'deny';
  }

  // ---- changes -------------------------------------------------------------------------------

  async list(filter: { type?: IpRuleType; ip?: string } = {}): Promise<IpRuleView[]> {
    const now = new Date();
    const rows = await this.repo.find({
      where: [
        { expiresAt: IsNull(), ...(filter.type ? { type: filter.type } : {}) },
        { expiresAt: MoreThan(now), ...(filter.type ? { type: filter.type } : {}) },
      ],
      order: { id: 'ASC' },
    });
    let views: IpRuleView[] = [
      ...this.configEntries
        .filter((e) => !filter.type || e.type === filter.type)
        .map((e) => ({
          id: null,
          type: e.type,
          source: 'config' as const,
          ip: e.range!.text,
          ipHash: null,
          note: 'IP_ALLOWLIST',
          expiresAt: null,
          createdAt: null,
        })),
      ...rows.map(toView),
    ];
    if (filter.ip !== undefined) {
      const address = parseClientIp(filter.ip);
      if (!address) throw new InvalidIpRangeError();
      const hash = this.subjectHash(address.toString());
      views = views.filter((v) => {
        if (v.ipHash) return v.ipHash === hash;
        const range = v.ip ? parseIpRange(v.ip) : undefined;
        return range !== undefined && rangeContains(range, address);
      });
    }
    return views;
  }

  async create(input: NewIpRule): Promise<IpRuleView> {
    const range = parseIpRange(input.ip);
    if (!range) throw new InvalidIpRangeError();
    // insert, not save: save() opens a transaction, and SQLite's one connection must not overlap them
    const inserted = await this.repo.insert({
      type: input.type,
      cidr: range.text,
      ipHash: null,
      source: 'operator',
      note: input.note ?? '',
      expiresAt: input.expiresAt ?? null,
    });
    const row = await this.repo.findOneByOrFail({ id: inserted.identifiers[0].id as number });
    await this.changed();
    this.logger.log({ ruleId: row.id, type: row.type, ip: row.cidr }, 'IP rule added');
    return toView(row);
  }

  async remove(id: number): Promise<void> {
    const result = await this.repo.delete({ id });
    if (!result.affected) throw new IpRuleNotFoundError();
    await this.changed();
    this.logger.log({ ruleId: id }, 'IP rule removed');
  }

  /** Lifts the automatic block of a client address. Returns how many blocks were removed. */
  async unblock(ip: string): Promise<number> {
    const address = parseClientIp(ip);
    if (!address) throw new InvalidIpRangeError();
    const result = await this.repo.delete({ ipHash: this.subjectHash(address.toString()), source: 'automatic' });
    const removed = result.affected ?? 0;
    if (removed > 0) {
      await this.changed();
      this.logger.log({ removed }, 'Automatic IP block lifted');
    }
    return removed;
  }

  /**
   * Blocks a client automatically for IP_BLOCK_DURATION_HOURS. Idempotent per client: a repeat
   * block extends the existing row (two instances may reach the threshold together; the unique
   * ip_hash index makes the second insert fail, and only that failure turns into the update).
   * The row keeps the client's address (IPv4, or its IPv6 /64) so that the operator can tell whom
   * to unblock, and the block is logged with it at warn level.
   */
  async block(ip: string, reason: string): Promise<void> {
    const ipHash = this.subjectHash(ip);
    const subject = clientSubject(ip);
    const expiresAt = new Date(Date.now() + this.config.security.ipBlock.durationHours * 3_600_000);
    const note = `automatic: ${reason}`.slice(0, 255);
    const cidr = subject.length <= 64 ? subject : null;
    const update = () => this.repo.update({ ipHash }, { expiresAt, note, cidr, type: 'deny', source: 'automatic' });
    const existing = await this.repo.findOne({ where: { ipHash }, select: { id: true } });
    if (existing) {
      await update();
    } else {
      try {
        await this.repo.insert({ type: 'deny', cidr, ipHash, source: 'automatic', note, expiresAt });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        await update(); // the other instance inserted it first
      }
    }
    await this.changed();
    this.logger.warn({ ip: subject, reason, until: expiresAt.toISOString() }, `Client ${subject} blocked automatically until ${expiresAt.toISOString()}: ${reason}`);
  }

  /** Deletes expired rules and blocks (the `clean-blocked-ips` job). Returns rows removed. */
  async cleanExpired(now = new Date()): Promise<number> {
    const result = await this.repo.delete({ expiresAt: LessThanOrEqual(now) });
    const removed = result.affected ?? 0;
    if (removed > 0) await this.changed();
    return removed;
  }

  // ---- synchronisation -----------------------------------------------------------------------

  /** After a write: bump the shared version, tell the other instances, and refresh this one. */
  private async changed(): Promise<void> {
    const client = this.redis.client;
    if (client && client.status === 'ready') {
      try {
        const version = await client.incr(this.versionKey);
        await client.publish(this.channel, `${this.instanceId}:${version}`);
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message } }, 'Could not announce an IP rule change; other instances see it on their next refresh');
      }
    }
    await this.reload();
  }

  /**
   * Re-reads the active rules. Calls that arrive while a reload runs are folded into one more
   * pass after it, so every caller sees the database as it was after its call began.
   */
  reload(): Promise<void> {
    this.reloadPending = true;
    if (!this.reloadRunning) {
      this.reloadRunning = (async () => {
        try {
          while (this.reloadPending && !this.closed) {
            this.reloadPending = false;
            await this.loadOnce();
          }
        } finally {
          this.reloadRunning = undefined;
        }
      })();
    }
    return this.reloadRunning;
  }

  private async loadOnce(): Promise<void> {
    const client = this.redis.client;
    let version: string | null = this.loadedVersion;
    if (client && client.status === 'ready') {
      try {
        version = await client.get(this.versionKey); // read before the rows: never newer than what we load
      } catch (err) {
        this.redis.unavailable(err as Error);
        version = this.loadedVersion;
      }
    }
    const now = new Date();
    const rows = await this.repo.find({ where: [{ expiresAt: IsNull() }, { expiresAt: MoreThan(now) }] });
    const entries: IpRuleEntry[] = [...this.configEntries];
    for (const row of rows) {
      const expiresAt = row.expiresAt ? row.expiresAt.getTime() : null;
      if (row.ipHash) entries.push({ id: row.id, type: 'deny', ipHash: row.ipHash, expiresAt });
      else if (row.cidr) {
        const range = parseIpRange(row.cidr);
        if (range) entries.push({ id: row.id, type: row.type, range, expiresAt });
      }
    }
    this.rules.replace(entries);
    this.loadedVersion = version;
  }

  private async refresh(): Promise<void> {
    if (this.closed) return;
    await this.repo.delete({ expiresAt: LessThanOrEqual(new Date()) });
    await this.reload();
  }
}

function toView(row: IpRule): IpRuleView {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    ip: row.cidr,
    ipHash: row.ipHash,
    note: row.note,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}
