import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { bool, createdAt, fk, id, text, varchar } from './columns';

/** Activity and validation logs (src/logs). Indexes serve the reads: per license, and newest first per tenant. */
export class CreateLogs1763800002000 implements MigrationInterface {
  name = 'CreateLogs1763800002000';

  async up(q: QueryRunner): Promise<void> {
    const tenantFk = () =>
      new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' });
    await q.createTable(
      new Table({
        name: 'activity_logs',
        columns: [
          id(),
          fk('tenant_id'),
          varchar('license_key', 191),
          varchar('action_type', 64),
          text('details'),
          varchar('ip_address', 64, { default: "''" }),
          varchar('user_agent', 512, { default: "''" }),
          bool('is_valid', false),
          createdAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_activity_logs_tenant_key_created', columnNames: ['tenant_id', 'license_key', 'created_at'] }),
          new TableIndex({ name: 'idx_activity_logs_tenant_created', columnNames: ['tenant_id', 'created_at'] }),
        ],
        foreignKeys: [tenantFk()],
      }),
    );
    await q.createTable(
      new Table({
        name: 'validation_logs',
        columns: [
          id(),
          fk('tenant_id', true),
          varchar('license_key', 191),
          varchar('outcome', 16),
          varchar('source', 16),
          varchar('product_ref', 191, { default: "''" }),
          varchar('target', 255, { default: "''" }),
          text('details'),
          varchar('ip_address', 64, { default: "''" }),
          varchar('user_agent', 512, { default: "''" }),
          createdAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_validation_logs_tenant_outcome_created', columnNames: ['tenant_id', 'outcome', 'created_at'] }),
          new TableIndex({ name: 'idx_validation_logs_tenant_created', columnNames: ['tenant_id', 'created_at'] }),
          new TableIndex({ name: 'idx_validation_logs_tenant_key', columnNames: ['tenant_id', 'license_key'] }),
        ],
        foreignKeys: [tenantFk()],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('validation_logs');
    await q.dropTable('activity_logs');
  }
}
