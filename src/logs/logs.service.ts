import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, Not, QueryRunner } from 'typeorm';
import { TENANT_ACTIVITY_ACTIONS } from '../common/events';
import { AppConfig } from '../config/app.config';
import { CryptoService } from '../crypto/crypto.service';
import type { Database, Statement } from 'better-sqlite3';
import { isSqlite, withTransaction } from '../database/transaction';
import { CorruptSettingsError, TenantSettings } from '../tenants/tenant-settings';
import { TenantNotFoundError, TenantsService } from '../tenants/tenants.service';
import { BatchWriter } from './batch-writer';
import { ActivityLog } from './entities/activity-log.entity';
import { ValidationLog, ValidationOutcome } from './entities/validation-log.entity';
import { clip, formatLogTime } from './log-format';

export interface ActivityLogInput {
  tenantId: number;
  licenseKey: string;
  /** e.g. license_created, license_updated, license_deleted, domain_registered, validation_attempt */
  actionType: string;
  details: string;
  ip?: string;
  userAgent?: string;
  isValid: boolean;
}

export interface ValidationLogInput {
  /** null when the key matched no license of any tenant the caller could reach */
  tenantId: number | null;
  licenseKey: string;
  outcome: 'success' | 'error';
  /** 'validate' (POST/GET /api/license/validate) or 'routine' (GET /validate) */
  source: 'validate' | 'routine';
  productRef?: string;
  /** domain or device checked by the routine validation */
  target?: string;
  details: string;
  ip?: string;
  userAgent?: string;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

type IpMode = TenantSettings['ipLogging'];
/** Activity rows of tenant-level changes (keys rotated, settings updated): no license's. */
const NOT_TENANT_LEVEL = Not(In(TENANT_ACTIVITY_ACTIONS));
type Pending<T> = T & { at: Date };

/** Column limits (characters); longer values are cut, never rejected: a log write must not fail. */
const LIMITS = { licenseKey: 191, actionType: 64, details: 4000, userAgent: 512, productRef: 191, target: 255, ip: 64 } as const;

/**
 * Activity and validation logs. `activity()` and `validation()` only push to an in-memory
 * buffer (the validation hot path never waits for a log write); batches are written as
 * multi-row INSERTs every LOG_FLUSH_INTERVAL_MS, when LOG_FLUSH_BATCH entries are pending,
 * before every read, and on graceful shutdown. The IP is stored as the tenant's `ipLogging`
 * setting says (resolved when the batch is written; the setting is cached briefly).
 */
@Injectable()
export class LogsService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Logs');
  private readonly activityWriter: BatchWriter<Pending<ActivityLogInput>>;
  private readonly validationWriter: BatchWriter<Pending<ValidationLogInput>>;
  private readonly ipModes = new Map<number, { mode: IpMode | null; expires: number }>();
  private timer?: NodeJS.Timeout;
  /** MySQL: the pooled connection the batches are written on, held for good (see writerConnection). */
  private writer?: Promise<QueryRunner>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
  ) {
    const { flushBatch, flushMaxRetries, bufferMax, flushIntervalMs } = config.logs;
    const common = { batchSize: flushBatch, maxRetries: flushMaxRetries, maxBuffered: bufferMax, retryDelayMs: flushIntervalMs, logger: this.logger };
    this.activityWriter = new BatchWriter({ ...common, name: 'activity log', insert: (batch) => this.insertActivity(batch) });
    this.validationWriter = new BatchWriter({ ...common, name: 'validation log', insert: (batch) => this.insertValidation(batch) });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.logs.flushIntervalMs);
    this.timer.unref();
  }

  /** The HTTP server still runs here; onApplicationShutdown writes what its last requests added. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.drainAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drainAll();
    await this.dropWriterConnection(false);
  }

  activity(entry: ActivityLogInput): void {
    // a row without a valid tenant would fail its whole batch: refuse it here, loudly
    if (!isTenantId(entry.tenantId)) {
      this.logger.error('activity log entry without a valid tenant id: not recorded');
      return;
    }
    this.activityWriter.push({ ...entry, at: new Date() });
  }

  validation(entry: ValidationLogInput): void {
    if (entry.tenantId !== null && !isTenantId(entry.tenantId)) {
      this.logger.error('validation log entry without a valid tenant id: not recorded');
      return;
    }
    this.validationWriter.push({ ...entry, at: new Date() });
  }

  /** Writes everything pending (a failed batch stays pending for a later attempt). */
  async flush(): Promise<void> {
    await Promise.all([this.activityWriter.flush(), this.validationWriter.flush()]);
  }

  /** Pending entries not yet written (both logs). */
  get pending(): number {
    return this.activityWriter.pending + this.validationWriter.pending;
  }

  /** Newest activity entries of a tenant, for the dashboard. */
  async recentActivities(tenantId: number, limit: number): Promise<Array<{ license_key: string; action: string; timestamp: string }>> {
    const take = Math.min(Math.trunc(limit) || 0, 1000);
    if (take <= 0) return [];
    await this.flush();
    const rows = await this.ds.getRepository(ActivityLog).find({
      select: { id: true, licenseKey: true, actionType: true, createdAt: true },
      where: { tenantId, actionType: NOT_TENANT_LEVEL },
      order: { createdAt: 'DESC', id: 'DESC' },
      take,
    });
    return rows.map((r) => ({ license_key: r.licenseKey, action: r.actionType, timestamp: formatLogTime(r.createdAt) }));
  }

  /**
   * Removes a license's activity and validation logs (delete option `all`). Returns rows removed.
   * With `manager`, inside the caller's transaction (the deletion of the license itself), which
   * must have called flush() before it began (a flush inside it would wait for it on SQLite).
   */
  async deleteForLicense(tenantId: number, licenseKey: string, manager?: EntityManager): Promise<number> {
    if (!manager) await this.flush();
    const m = manager ?? this.ds.manager;
    const key = clip(licenseKey, LIMITS.licenseKey);
    const activity = await m.getRepository(ActivityLog).delete({ tenantId, licenseKey: key });
    const validation = await m.getRepository(ValidationLog).delete({ tenantId, licenseKey: key });
    return (activity.affected ?? 0) + (validation.affected ?? 0);
  }

  /**
   * Writes activity rows with `manager`, inside the caller's transaction: the audit rows of a
   * change (ActivityAuditHandler), so the change and its row commit or roll back together. Same
   * row content and IP handling as the buffered rows (the mode read in the transaction);
   * `refresh` names tenants whose cached `ipLogging` mode the buffered rows must read again (the
   * transaction changed their settings).
   */
  async writeActivityIn(manager: EntityManager, entries: Array<Pending<ActivityLogInput>>, refresh: ReadonlySet<number> = new Set()): Promise<void> {
    for (const id of refresh) this.ipModes.delete(id);
    const valid = entries.filter((e) => isTenantId(e.tenantId));
    if (valid.length < entries.length) throw new Error('activity log entry without a valid tenant id');
    const rows = this.activityRows(valid, await this.ipModesOf(valid.map((e) => e.tenantId), manager, false));
    if (rows.length === 0) return;
    const table: LogTable = 'activity_logs';
    if (isSqlite(this.ds)) {
      const one = `(${LOG_COLUMNS[table].map(() => '?').join(', ')})`;
      await manager.query(`${insertInto(table, '"')} VALUES ${rows.map(() => one).join(', ')}`, rows.flat().map(toSqliteValue));
    } else {
      await manager.query(`${insertInto(table, '`')} VALUES ?`, [rows]);
    }
  }

  /**
   * A tenant's activity entries, newest first: of one license, or of all its licenses
   * (`licenseKey` null; the rows of tenant-level changes, keys rotated or settings updated, are
   * not a license's). Only ever the given tenant's rows.
   */
  async activityOf(tenantId: number, licenseKey: string | null, limit: number, offset: number): Promise<ActivityLog[]> {
    await this.flush();
    return this.ds.getRepository(ActivityLog).find({
      where: licenseKey === null ? { tenantId, actionType: NOT_TENANT_LEVEL } : { tenantId, licenseKey },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** A page of the tenant's activity entries (tenant-level changes included), newest first, optionally of one license. */
  async activityPage(tenantId: number, filter: { licenseKey?: string }, page: PageRequest): Promise<Page<ActivityLog>> {
    await this.flush();
    const where: FindOptionsWhere<ActivityLog> = { tenantId };
    if (filter.licenseKey !== undefined) where.licenseKey = filter.licenseKey;
    const [rows, total] = await this.ds.getRepository(ActivityLog).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.perPage,
      skip: (page.page - 1) * page.perPage,
    });
    return { rows, total };
  }

  /** A page of the tenant's validation entries, newest first, optionally by outcome and license. */
  async validationPage(
    tenantId: number,
    filter: { outcome?: ValidationOutcome; licenseKey?: string },
    page: PageRequest,
  ): Promise<Page<ValidationLog>> {
    await this.flush();
    const where: FindOptionsWhere<ValidationLog> = { tenantId };
    if (filter.outcome !== undefined) where.outcome = filter.outcome;
    if (filter.licenseKey !== undefined) where.licenseKey = filter.licenseKey;
    const [rows, total] = await this.ds.getRepository(ValidationLog).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: page.perPage,
      skip: (page.page - 1) * page.perPage,
    });
    return { rows, total };
  }

  private async drainAll(): Promise<void> {
    if (!this.ds.isInitialized) {
      if (this.pending > 0) this.logger.error(`${this.pending} log entries could not be written: the database connection is already closed`);
      return;
    }
    await Promise.all([this.activityWriter.close(), this.validationWriter.close()]);
  }

  private async insertActivity(batch: Array<Pending<ActivityLogInput>>): Promise<void> {
    await this.insertRows('activity_logs', (m) => this.ipModesOf(batch.map((e) => e.tenantId), m).then((modes) => this.activityRows(batch, modes)));
  }

  /** The activity_logs rows (LOG_COLUMNS order) of `entries`; those of a tenant that no longer exists are left out. */
  private activityRows(entries: Array<Pending<ActivityLogInput>>, modes: Map<number, IpMode | null>): unknown[][] {
    const rows: unknown[][] = [];
    for (const e of entries) {
      const mode = modes.get(e.tenantId);
      if (!mode) continue; // the tenant was deleted meanwhile: its logs went with it
      rows.push([
        e.tenantId,
        clip(e.licenseKey, LIMITS.licenseKey),
        clip(e.actionType, LIMITS.actionType),
        clip(e.details, LIMITS.details),
        this.storedIp(mode, e.ip, e.at),
        clip(e.userAgent, LIMITS.userAgent),
        e.isValid === true,
        e.at,
      ]);
    }
    return rows;
  }

  private async insertValidation(batch: Array<Pending<ValidationLogInput>>): Promise<void> {
    await this.insertRows('validation_logs', (m) => this.ipModesOf(batch.map((e) => e.tenantId), m).then((modes) => this.validationRows(batch, modes)));
  }

  /** The validation_logs rows (LOG_COLUMNS order) of `batch`; those of a tenant that no longer exists are left out. */
  private validationRows(batch: Array<Pending<ValidationLogInput>>, modes: Map<number, IpMode | null>): unknown[][] {
    const rows: unknown[][] = [];
    for (const e of batch) {
      // an entry whose key matched no license belongs to no tenant: its IP is stored hashed
      const mode = e.tenantId === null ? 'hashed' : modes.get(e.tenantId);
      if (!mode) continue;
      rows.push([
        e.tenantId,
        clip(e.licenseKey, LIMITS.licenseKey),
        e.outcome === 'success' ? 'success' : 'error',
        e.source === 'routine' ? 'routine' : 'validate',
        clip(e.productRef, LIMITS.productRef),
        clip(e.target, LIMITS.target),
        clip(e.details, LIMITS.details),
        this.storedIp(mode, e.ip, e.at),
        clip(e.userAgent, LIMITS.userAgent),
        e.at,
      ]);
    }
    return rows;
  }

  /**
   * Writes one batch. Deliberately not TypeORM's insert builder: building a 500-row insert with
   * it blocks the event loop for tens of milliseconds, which showed as p99 spikes on the
   * validation paths. On SQLite a prepared single-row statement runs per row inside one
   * transaction taken through the transaction queue (so it never lands inside, or is rolled back
   * with, another module's open transaction); on MySQL one multi-row INSERT on the writer's own
   * connection. `build` makes the rows, reading what it needs (IP modes) with the manager given.
   */
  private async insertRows(table: LogTable, build: (manager: EntityManager | undefined) => Promise<unknown[][]>): Promise<void> {
    try {
      if (isSqlite(this.ds)) {
        const rows = await build(undefined);
        if (rows.length === 0) return;
        const statement = this.sqliteInsert(table);
        await withTransaction(this.ds, async () => {
          for (const row of rows) statement.run(row.map(toSqliteValue));
        });
      } else {
        const writer = await this.writerConnection();
        try {
          const rows = await build(writer.manager);
          if (rows.length) await writer.query(`${insertInto(table, '`')} VALUES ?`, [rows]);
        } catch (e) {
          if (isConnectionFault(e)) await this.dropWriterConnection(true);
          throw e;
        }
      }
    } catch (e) {
      // a tenant deleted since its setting was cached fails the foreign key: look again on the retry
      this.ipModes.clear();
      throw e;
    }
  }

  /**
   * MySQL: one pooled connection reserved for the log batches and kept. Shared with the requests,
   * a batch (and the tenant-setting read before it) queued for a connection behind every request
   * in flight: under load it waited past DB_ACQUIRE_TIMEOUT_MS, failed, and backed off while the
   * buffer grew, so a crash lost seconds of rows. Held, it is written every flush interval.
   */
  private writerConnection(): Promise<QueryRunner> {
    if (!this.writer) {
      const runner = this.ds.createQueryRunner('master');
      const connecting = runner.connect().then(() => runner);
      this.writer = connecting;
      // a failed connect is tried again at the next flush
      connecting.catch(() => {
        if (this.writer === connecting) this.writer = undefined;
      });
    }
    return this.writer;
  }

  /** Gives the writer's connection up: destroyed when `broken` (never back to the pool), released otherwise. */
  private async dropWriterConnection(broken: boolean): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    const runner = await writer?.catch(() => undefined);
    if (!runner) return;
    if (broken) (runner as unknown as { databaseConnection?: { destroy?(): void } }).databaseConnection?.destroy?.();
    await runner.release().catch(() => undefined);
  }

  private readonly sqliteStatements = new Map<LogTable, Statement>();

  private sqliteInsert(table: LogTable): Statement {
    let statement = this.sqliteStatements.get(table);
    if (!statement) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      statement = db.prepare(`${insertInto(table, '"')} VALUES (${LOG_COLUMNS[table].map(() => '?').join(', ')})`);
      this.sqliteStatements.set(table, statement);
    }
    return statement;
  }

  private storedIp(mode: IpMode, ip: string | undefined, at: Date): string {
    if (mode === 'none' || typeof ip !== 'string' || ip === '') return '';
    if (mode === 'full') return clip(ip, LIMITS.ip);
    return this.crypto.hashIp(ip, at);
  }

  /**
   * Each tenant's `ipLogging` mode, or null for a tenant that no longer exists. Cached briefly
   * (`cached`: the buffered batches); the audit row of a change reads it in the change's
   * transaction, as committed with it, and leaves the cache alone. Read with `manager` when given
   * (a transaction's or the writer's own connection: never a second pooled one).
   */
  private async ipModesOf(tenantIds: Array<number | null>, manager?: EntityManager, cached = true): Promise<Map<number, IpMode | null>> {
    const out = new Map<number, IpMode | null>();
    const now = Date.now();
    for (const id of tenantIds) {
      if (id === null || out.has(id)) continue;
      const hit = cached ? this.ipModes.get(id) : undefined;
      if (hit && hit.expires > now) {
        out.set(id, hit.mode);
        continue;
      }
      let mode: IpMode | null;
      try {
        mode = (await this.tenants.getSettings(id, manager)).ipLogging;
      } catch (e) {
        if (e instanceof TenantNotFoundError) mode = null;
        else if (e instanceof CorruptSettingsError) {
          // one tenant's damaged settings must not hold every tenant's logs: keep its rows, store no IP
          // (never more than any mode allows), and say so at error level on every lookup
          this.logger.error(`${e.message}; its log rows are written without client IPs until then`);
          mode = 'none';
        } else throw e;
      }
      if (cached) {
        if (this.ipModes.size > 10_000) this.ipModes.clear();
        this.ipModes.set(id, { mode, expires: now + this.config.logs.settingsCacheMs });
      }
      out.set(id, mode);
    }
    return out;
  }
}

type LogTable = 'activity_logs' | 'validation_logs';

/** Column order of the rows insertActivity/insertValidation build. */
const LOG_COLUMNS: Record<LogTable, string[]> = {
  activity_logs: ['tenant_id', 'license_key', 'action_type', 'details', 'ip_address', 'user_agent', 'is_valid', 'created_at'],
  validation_logs: ['tenant_id', 'license_key', 'outcome', 'source', 'product_ref', 'target', 'details', 'ip_address', 'user_agent', 'created_at'],
};

/** `INSERT INTO t (c1, c2, ...)` of a log table, identifiers quoted with `q`. */
function insertInto(table: LogTable, q: '"' | '`'): string {
  return `INSERT INTO ${q}${table}${q} (${LOG_COLUMNS[table].map((c) => `${q}${c}${q}`).join(', ')})`;
}

/** better-sqlite3 binds no booleans or Dates: store them as TypeORM does (1/0, UTC 'YYYY-MM-DD HH:mm:ss.SSS'). */
function toSqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 23).replace('T', ' ');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

/** An error after which a MySQL connection cannot be trusted (lost, timed out, protocol state unknown). */
function isConnectionFault(e: unknown): boolean {
  const err = e as { fatal?: boolean; code?: string; driverError?: { fatal?: boolean; code?: string } };
  const d = err?.driverError ?? err;
  return d?.fatal === true || d?.code === 'PROTOCOL_SEQUENCE_TIMEOUT' || d?.code === 'PROTOCOL_CONNECTION_LOST' || (e instanceof Error && /released|not connected/i.test(e.message));
}

function isTenantId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
}
