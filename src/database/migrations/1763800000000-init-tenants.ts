import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { createdAt, fk, id, text, updatedAt, varchar } from './columns';

export class InitTenants1763800000000 implements MigrationInterface {
  name = 'InitTenants1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'tenants',
        columns: [
          id(),
          varchar('username', 64),
          varchar('email', 191),
          varchar('first_name', 100, { default: "''" }),
          varchar('last_name', 100, { default: "''" }),
          varchar('status', 16, { default: "'active'" }),
          text('settings'),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [new TableIndex({ name: 'uq_tenants_username', columnNames: ['username'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'tenant_credentials',
        columns: [id(), fk('tenant_id'), varchar('kind', 16), varchar('ciphertext', 255), varchar('blind_index', 64), createdAt(q)],
        indices: [
          new TableIndex({ name: 'uq_tenant_credentials_blind_index', columnNames: ['blind_index'], isUnique: true }),
          new TableIndex({ name: 'uq_tenant_credentials_tenant_kind', columnNames: ['tenant_id', 'kind'], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tenant_credentials');
    await q.dropTable('tenants');
  }
}
