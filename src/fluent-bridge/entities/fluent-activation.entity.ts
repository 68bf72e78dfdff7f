import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A premium license activated on a site (the original's BuildDomain). One row per (product, site,
 * license key); at most one row per (product, site) is `current`, the one app-license-check uses.
 */
@Entity('fluent_activations')
@Index('uq_fluent_activations_tenant_product_site_key', ['tenantId', 'productId', 'siteUrl', 'licenseKey'], { unique: true })
@Index('idx_fluent_activations_tenant_key', ['tenantId', 'licenseKey'])
export class FluentActivation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  /** normalized: `https://host` */
  @Column({ name: 'site_url', type: 'varchar', length: 255 })
  siteUrl: string;

  @Column({ name: 'license_key', type: 'varchar', length: 191 })
  licenseKey: string;

  @Column({ type: 'varchar', length: 191, nullable: true })
  email: string | null;

  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent: boolean;

  @Column({ name: 'is_deactivated', type: 'boolean', default: false })
  isDeactivated: boolean;

  @Column({ name: 'activated_at', type: 'datetime', precision: 3 })
  activatedAt: Date;

  @Column({ name: 'deactivated_at', type: 'datetime', precision: 3, nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
