import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A site's free trial of a product (the original's FreeTrial), one per (product, site). When a
 * premium license is activated on the site the trial is upgraded (`isPremium`, linked to the
 * activation); deactivating the license returns it to trial mode. `plugin_delete` marks it deleted.
 */
@Entity('fluent_free_trials')
@Index('uq_fluent_free_trials_tenant_product_site', ['tenantId', 'productId', 'siteUrl'], { unique: true })
export class FluentFreeTrial {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  @Column({ name: 'site_url', type: 'varchar', length: 255 })
  siteUrl: string;

  @Column({ type: 'varchar', length: 191, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 191 })
  email: string;

  /** `active`, or `deleted` after plugin_delete */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'deleted';

  @Column({ name: 'starts_at', type: 'datetime', precision: 3 })
  startsAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'grace_ends_at', type: 'datetime', precision: 3 })
  graceEndsAt: Date;

  @Column({ name: 'is_premium', type: 'boolean', default: false })
  isPremium: boolean;

  @Column({ name: 'premium_activation_id', type: 'integer', nullable: true })
  premiumActivationId: number | null;

  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
