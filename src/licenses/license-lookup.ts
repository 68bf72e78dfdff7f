import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import type { ActivationType } from '../activations/entities/license-activation.entity';
import { isSqlite } from '../database/transaction';
import { License } from './entities/license.entity';
import { dbDate } from './license-dates';

/** A registered domain or device as the validate response shows it. */
export interface ActivationView {
  type: ActivationType;
  name: string;
  createdAt: Date;
}

/** A license with its registrations: what the validation paths read. */
export interface LicenseRecord {
  license: License;
  activations: ActivationView[];
}

const LICENSE_COLUMNS = [
  'id', 'tenant_id', 'license_key', 'license_status', 'license_type', 'first_name', 'last_name', 'email', 'company_name',
  'max_allowed_domains', 'max_allowed_devices', 'product_ref', 'item_reference', 'txn_id', 'purchase_id_', 'subscr_id',
  'billing_length', 'billing_interval', 'until', 'current_ver', 'manual_reset_count', 'date_expiry', 'date_activated',
  'created_at', 'updated_at',
];
const SELECT =
  `SELECT ${LICENSE_COLUMNS.map((c) => `l.${c} AS ${c}`).join(', ')}, a.type AS a_type, a.name AS a_name, a.created_at AS a_created_at ` +
  'FROM licenses l LEFT JOIN license_activations a ON a.license_id = l.id ';
const BY_KEY_AND_TENANT = `${SELECT}WHERE l.license_key = ? AND l.tenant_id = ? ORDER BY a.id`;
const BY_KEY = `${SELECT}WHERE l.license_key = ? ORDER BY a.id`;

/** A `licenses` row read as an array in LICENSE_COLUMNS order (driver date values) as the entity. */
function licenseFromValues(v: unknown[]): License {
  const text = (x: unknown) => (x === null || x === undefined ? '' : String(x));
  return Object.assign(new License(), {
    id: Number(v[0]),
    tenantId: Number(v[1]),
    licenseKey: text(v[2]),
    status: v[3] as License['status'],
    type: v[4] as License['type'],
    firstName: text(v[5]),
    lastName: text(v[6]),
    email: text(v[7]),
    companyName: text(v[8]),
    maxAllowedDomains: Number(v[9]),
    maxAllowedDevices: Number(v[10]),
    productRef: text(v[11]),
    itemReference: text(v[12]),
    txnId: text(v[13]),
    purchaseId: text(v[14]),
    subscrId: text(v[15]),
    billingLength: v[16] === null || v[16] === undefined ? null : Number(v[16]),
    billingInterval: (v[17] as string | null) ?? null,
    until: text(v[18]),
    currentVer: text(v[19]),
    manualResetCount: Number(v[20] ?? 0),
    dateExpiry: dbDate(v[21]),
    dateActivated: dbDate(v[22]),
    createdAt: dbDate(v[23])!,
    updatedAt: dbDate(v[24])!,
  });
}

const A_TYPE = LICENSE_COLUMNS.length;
const ALL_COLUMNS = [...LICENSE_COLUMNS, 'a_type', 'a_name', 'a_created_at'];

function toRecord(rows: unknown[][]): LicenseRecord | null {
  if (rows.length === 0) return null;
  const license = licenseFromValues(rows[0]);
  const activations: ActivationView[] = [];
  for (const row of rows) {
    if (row[A_TYPE] === null || row[A_TYPE] === undefined) continue;
    activations.push({ type: row[A_TYPE] as ActivationType, name: String(row[A_TYPE + 1]), createdAt: dbDate(row[A_TYPE + 2])! });
  }
  return { license, activations };
}

interface MysqlPool {
  query(options: { sql: string; values: unknown[]; rowsAsArray: boolean }, cb: (err: Error | null, rows: unknown[][]) => void): void;
}

/**
 * The validation hot path's read: one indexed query (unique license_key, then the activations'
 * (license_id, ...) index) for a license and its registered domains and devices.
 *
 * Deliberately not a TypeORM repository call: a findOne per request costs ~5x a bare route.
 * On SQLite the statement is prepared once on TypeORM's own better-sqlite3 connection and run
 * synchronously, rows as arrays; on MySQL it is one parameterized query straight on TypeORM's
 * mysql2 pool (same connections and session settings, without a QueryRunner per request).
 */
@Injectable()
export class LicenseLookup {
  private statements?: { byKeyAndTenant: Statement; byKey: Statement };

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The tenant's license with this key, or null. */
  async forTenant(licenseKey: string, tenantId: number): Promise<LicenseRecord | null> {
    if (isSqlite(this.ds)) return toRecord(this.sqlite().byKeyAndTenant.all(licenseKey, tenantId) as unknown[][]);
    return toRecord(await this.mysql(BY_KEY_AND_TENANT, [licenseKey, tenantId]));
  }

  /** The license with this key, whichever tenant owns it (the unauthenticated routine check). */
  async anyTenant(licenseKey: string): Promise<LicenseRecord | null> {
    if (isSqlite(this.ds)) return toRecord(this.sqlite().byKey.all(licenseKey) as unknown[][]);
    return toRecord(await this.mysql(BY_KEY, [licenseKey]));
  }

  private sqlite() {
    if (!this.statements) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      this.statements = { byKeyAndTenant: db.prepare(BY_KEY_AND_TENANT).raw(true), byKey: db.prepare(BY_KEY).raw(true) };
    }
    return this.statements;
  }

  private async mysql(sql: string, values: unknown[]): Promise<unknown[][]> {
    const pool = (this.ds.driver as unknown as { pool?: MysqlPool }).pool;
    if (!pool) {
      // a replication setup (pool cluster): go through TypeORM
      const rows: Array<Record<string, unknown>> = await this.ds.query(sql, values);
      return rows.map((row) => ALL_COLUMNS.map((c) => row[c]));
    }
    return new Promise((resolve, reject) => pool.query({ sql, values, rowsAsArray: true }, (err, rows) => (err ? reject(err) : resolve(rows))));
  }
}
