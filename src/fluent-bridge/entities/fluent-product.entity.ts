import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A plugin product of a tenant (the original's FluentInfo): its slug (`appza`, `lazy_task`,
 * `fcom_mobile`, ...), the FluentCart store it forwards premium licenses to and the store's item id.
 */
@Entity('fluent_products')
@Index('uq_fluent_products_tenant_slug', ['tenantId', 'slug'], { unique: true })
export class FluentProduct {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 191, default: '' })
  name: string;

  /** FluentCart store URL, e.g. `https://store.example.com/` (null: premium licenses not configured) */
  @Column({ name: 'api_url', type: 'varchar', length: 500, nullable: true })
  apiUrl: string | null;

  /** the FluentCart product id (`item_id`) */
  @Column({ name: 'item_id', type: 'integer', nullable: true })
  itemId: number | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
