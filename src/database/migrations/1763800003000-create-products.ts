import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';
import { bool, createdAt, datetime, fk, id, int, text, updatedAt, varchar } from './columns';

/** Case- and accent-exact comparison for keys we lower-case ourselves (MySQL's default collation would fold accents). */
const exact = (q: QueryRunner, c: TableColumnOptions): TableColumnOptions =>
  q.connection.options.type === 'mysql' ? { ...c, collation: 'utf8mb4_bin' } : c;

const cascade = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

export class CreateProducts1763800003000 implements MigrationInterface {
  name = 'CreateProducts1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'products',
        columns: [
          id(),
          fk('tenant_id'),
          varchar('name', 100),
          exact(q, varchar('name_key', 100)),
          exact(q, varchar('slug', 100)),
          text('description'),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'uq_products_tenant_name', columnNames: ['tenant_id', 'name_key'], isUnique: true }),
          new TableIndex({ name: 'uq_products_tenant_slug', columnNames: ['tenant_id', 'slug'], isUnique: true }),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'product_variations',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          varchar('name', 64),
          exact(q, varchar('name_key', 64)),
          exact(q, varchar('slug', 100)),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_product_variations_tenant', columnNames: ['tenant_id', 'product_id'] }),
          new TableIndex({ name: 'uq_product_variations_name', columnNames: ['product_id', 'name_key'], isUnique: true }),
          new TableIndex({ name: 'uq_product_variations_slug', columnNames: ['product_id', 'slug'], isUnique: true }),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants'), cascade('product_id', 'products')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'product_versions',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          fk('variation_id', true),
          int('variation_key', { default: 0 }),
          exact(q, varchar('version', 64)),
          bool('is_current', false),
          text('changelog'),
          datetime('release_date'),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_product_versions_tenant', columnNames: ['tenant_id', 'product_id'] }),
          new TableIndex({ name: 'uq_product_versions_line', columnNames: ['product_id', 'variation_key', 'version'], isUnique: true }),
          new TableIndex({ name: 'idx_product_versions_variation', columnNames: ['variation_id'] }),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants'), cascade('product_id', 'products'), cascade('variation_id', 'product_variations')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'product_files',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          fk('version_id'),
          varchar('file_name', 200),
          varchar('storage_key', 191),
          { name: 'size', type: 'bigint' },
          varchar('sha256', 64),
          varchar('content_type', 100),
          createdAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_product_files_tenant', columnNames: ['tenant_id', 'product_id'] }),
          new TableIndex({ name: 'uq_product_files_name', columnNames: ['version_id', 'file_name'], isUnique: true }),
        ],
        foreignKeys: [cascade('tenant_id', 'tenants'), cascade('product_id', 'products'), cascade('version_id', 'product_versions')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('product_files');
    await q.dropTable('product_versions');
    await q.dropTable('product_variations');
    await q.dropTable('products');
  }
}
