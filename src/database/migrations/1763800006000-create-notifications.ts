import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { datetime, fk, id, text, varchar } from './columns';

/**
 * Notification e-mails per license (src/notifications: the MERAF subscribers list) and the
 * scheduled jobs' cluster-wide locks (src/scheduler, used when there is no Redis). The unique
 * index makes "one expiry reminder per license and expiry date" hold across instances.
 */
export class CreateNotifications1763800006000 implements MigrationInterface {
  name = 'CreateNotifications1763800006000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'license_notifications',
        columns: [
          id(),
          fk('tenant_id'),
          varchar('license_key', 191),
          varchar('sent_to', 191),
          varchar('status', 16),
          varchar('sent', 3),
          varchar('kind', 32),
          datetime('license_expiry'),
          text('error'),
          datetime('date_sent'),
        ],
        indices: [
          new TableIndex({ name: 'idx_license_notifications_tenant_key', columnNames: ['tenant_id', 'license_key'] }),
          new TableIndex({
            name: 'uq_license_notifications_once',
            columnNames: ['tenant_id', 'license_key', 'kind', 'license_expiry'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_locks',
        columns: [{ ...varchar('name', 64), isPrimary: true }, varchar('holder', 64), datetime('expires_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_locks');
    await q.dropTable('license_notifications');
  }
}
