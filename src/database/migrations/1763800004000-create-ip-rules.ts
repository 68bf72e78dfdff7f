import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { createdAt, datetime, id, varchar } from './columns';

/** Operator allow/deny rules and automatic IP blocks (src/security). Global, not tenant-owned. */
export class CreateIpRules1763800004000 implements MigrationInterface {
  name = 'CreateIpRules1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ip_rules',
        columns: [
          id(),
          varchar('type', 8),
          varchar('cidr', 64, { isNullable: true }),
          varchar('ip_hash', 64, { isNullable: true }),
          varchar('source', 16),
          varchar('note', 255, { default: "''" }),
          datetime('expires_at', true),
          createdAt(q),
        ],
        indices: [
          new TableIndex({ name: 'uq_ip_rules_ip_hash', columnNames: ['ip_hash'], isUnique: true }),
          new TableIndex({ name: 'idx_ip_rules_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ip_rules');
  }
}
