import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';
import { createdAt, datetime, fk, id, int, updatedAt, varchar } from './columns';

/**
 * Licenses and their registered domains/devices (activations).
 *
 * Identifier columns (license key, product refs, purchase and transaction ids, activation names)
 * compare exactly on both databases: on MySQL/MariaDB they use the binary collation, as SQLite
 * compares text by default, so `abc` and `ABC` are two keys everywhere.
 */
export class CreateLicenses1763800001000 implements MigrationInterface {
  name = 'CreateLicenses1763800001000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql';
    const exact = (column: TableColumnOptions): TableColumnOptions => (mysql ? { ...column, charset: 'utf8mb4', collation: 'utf8mb4_bin' } : column);

    await q.createTable(
      new Table({
        name: 'licenses',
        columns: [
          id(),
          fk('tenant_id'),
          exact(varchar('license_key', 128)),
          varchar('license_status', 16),
          varchar('license_type', 16),
          varchar('first_name', 100),
          varchar('last_name', 100),
          varchar('email', 191),
          varchar('company_name', 191, { default: "''" }),
          int('max_allowed_domains', { default: 1 }),
          int('max_allowed_devices', { default: 1 }),
          exact(varchar('product_ref', 191)),
          exact(varchar('item_reference', 191, { default: "''" })),
          exact(varchar('txn_id', 191, { default: "''" })),
          exact(varchar('purchase_id_', 191, { default: "''" })),
          exact(varchar('subscr_id', 191, { default: "''" })),
          int('billing_length', { isNullable: true }),
          varchar('billing_interval', 16, { isNullable: true }),
          varchar('until', 64, { default: "''" }),
          varchar('current_ver', 64, { default: "''" }),
          int('manual_reset_count', { default: 0 }),
          datetime('date_expiry', true),
          datetime('date_activated', true),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'uq_licenses_license_key', columnNames: ['license_key'], isUnique: true }),
          new TableIndex({ name: 'idx_licenses_tenant_id', columnNames: ['tenant_id', 'id'] }),
          new TableIndex({ name: 'idx_licenses_tenant_status', columnNames: ['tenant_id', 'license_status'] }),
          new TableIndex({ name: 'idx_licenses_tenant_purchase', columnNames: ['tenant_id', 'purchase_id_'] }),
          new TableIndex({ name: 'idx_licenses_tenant_txn', columnNames: ['tenant_id', 'txn_id'] }),
          // the scheduler's auto-expiry scan (all tenants): active licenses by expiry date
          new TableIndex({ name: 'idx_licenses_status_expiry', columnNames: ['license_status', 'date_expiry'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'license_activations',
        columns: [
          id(),
          fk('tenant_id'),
          // NULL once the license is deleted with option license_only: the row stays as history
          fk('license_id', true),
          exact(varchar('license_key', 128)),
          varchar('type', 8),
          exact(varchar('name', 255)),
          createdAt(q),
        ],
        indices: [
          // "already registered" and same-name races: one row per license, type and normalized name
          new TableIndex({ name: 'uq_license_activations_name', columnNames: ['license_id', 'type', 'name'], isUnique: true }),
          new TableIndex({ name: 'idx_license_activations_tenant_key', columnNames: ['tenant_id', 'license_key'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['license_id'], referencedTableName: 'licenses', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('license_activations');
    await q.dropTable('licenses');
  }
}
