import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { bool, createdAt, datetime, fk, id, int, text, updatedAt, varchar } from './columns';

/**
 * License API v1 (Fluent bridge, src/fluent-bridge): products, leads, site activations with their
 * premium license info, free trials and popup messages. Every table is owned by a tenant.
 */
export class CreateFluentBridge1763800005000 implements MigrationInterface {
  name = 'CreateFluentBridge1763800005000';

  async up(q: QueryRunner): Promise<void> {
    const tenantFk = () =>
      new TableForeignKey({ columnNames: ['tenant_id'], referencedTableName: 'tenants', referencedColumnNames: ['id'], onDelete: 'CASCADE' });
    const productFk = () =>
      new TableForeignKey({ columnNames: ['product_id'], referencedTableName: 'fluent_products', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    await q.createTable(
      new Table({
        name: 'fluent_products',
        columns: [
          id(),
          fk('tenant_id'),
          varchar('slug', 64),
          varchar('name', 191, { default: "''" }),
          varchar('api_url', 500, { isNullable: true }),
          int('item_id', { isNullable: true }),
          bool('is_active', true),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [new TableIndex({ name: 'uq_fluent_products_tenant_slug', columnNames: ['tenant_id', 'slug'], isUnique: true })],
        foreignKeys: [tenantFk()],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fluent_leads',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          varchar('domain', 255),
          varchar('email', 191),
          varchar('name', 191, { default: "''" }),
          varchar('status', 16, { default: "'active'" }),
          varchar('token_ciphertext', 512),
          varchar('token_blind_index', 64),
          datetime('closed_at', true),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_fluent_leads_tenant_product', columnNames: ['tenant_id', 'product_id'] }),
          new TableIndex({ name: 'uq_fluent_leads_token_blind_index', columnNames: ['token_blind_index'], isUnique: true }),
        ],
        foreignKeys: [tenantFk(), productFk()],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fluent_activations',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          varchar('site_url', 255),
          varchar('license_key', 191),
          varchar('email', 191, { isNullable: true }),
          bool('is_current', true),
          bool('is_deactivated', false),
          datetime('activated_at'),
          datetime('deactivated_at', true),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({
            name: 'uq_fluent_activations_tenant_product_site_key',
            columnNames: ['tenant_id', 'product_id', 'site_url', 'license_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_fluent_activations_tenant_key', columnNames: ['tenant_id', 'license_key'] }),
        ],
        foreignKeys: [tenantFk(), productFk()],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fluent_license_infos',
        columns: [
          id(),
          fk('tenant_id'),
          fk('activation_id'),
          varchar('activation_hash', 191, { isNullable: true }),
          int('upstream_product_id', { isNullable: true }),
          int('variation_id', { isNullable: true }),
          varchar('product_title', 191, { isNullable: true }),
          varchar('variation_title', 191, { isNullable: true }),
          int('activation_limit', { isNullable: true }),
          int('activations_count', { isNullable: true }),
          datetime('expires_at', true),
          bool('is_lifetime', false),
          varchar('license_status', 32, { isNullable: true }),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'idx_fluent_license_infos_tenant', columnNames: ['tenant_id'] }),
          new TableIndex({ name: 'uq_fluent_license_infos_activation', columnNames: ['activation_id'], isUnique: true }),
        ],
        foreignKeys: [
          tenantFk(),
          new TableForeignKey({
            columnNames: ['activation_id'],
            referencedTableName: 'fluent_activations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fluent_free_trials',
        columns: [
          id(),
          fk('tenant_id'),
          fk('product_id'),
          varchar('site_url', 255),
          varchar('name', 191, { default: "''" }),
          varchar('email', 191),
          varchar('status', 16, { default: "'active'" }),
          datetime('starts_at'),
          datetime('expires_at'),
          datetime('grace_ends_at'),
          bool('is_premium', false),
          fk('premium_activation_id', true),
          datetime('deleted_at', true),
          createdAt(q),
          updatedAt(q),
        ],
        indices: [
          new TableIndex({ name: 'uq_fluent_free_trials_tenant_product_site', columnNames: ['tenant_id', 'product_id', 'site_url'], isUnique: true }),
        ],
        foreignKeys: [
          tenantFk(),
          productFk(),
          new TableForeignKey({
            columnNames: ['premium_activation_id'],
            referencedTableName: 'fluent_activations',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'fluent_popup_messages',
        columns: [id(), fk('tenant_id'), fk('product_id'), varchar('type', 64), text('message', false), bool('is_active', true), createdAt(q), updatedAt(q)],
        indices: [new TableIndex({ name: 'idx_fluent_popup_messages_tenant_product', columnNames: ['tenant_id', 'product_id'] })],
        foreignKeys: [tenantFk(), productFk()],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('fluent_popup_messages');
    await q.dropTable('fluent_free_trials');
    await q.dropTable('fluent_license_infos');
    await q.dropTable('fluent_activations');
    await q.dropTable('fluent_leads');
    await q.dropTable('fluent_products');
  }
}
