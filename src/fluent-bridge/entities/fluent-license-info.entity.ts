import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * What the FluentCart store said about an activation (the original's FluentLicenseInfo): its
 * activation hash, variation, limits and expiry. One row per activation, refreshed by checks.
 */
@Entity('fluent_license_infos')
@Index('uq_fluent_license_infos_activation', ['activationId'], { unique: true })
@Index('idx_fluent_license_infos_tenant', ['tenantId'])
export class FluentLicenseInfo {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'activation_id', type: 'integer' })
  activationId: number;

  @Column({ name: 'activation_hash', type: 'varchar', length: 191, nullable: true })
  activationHash: string | null;

  /** the store's product id */
  @Column({ name: 'upstream_product_id', type: 'integer', nullable: true })
  upstreamProductId: number | null;

  @Column({ name: 'variation_id', type: 'integer', nullable: true })
  variationId: number | null;

  @Column({ name: 'product_title', type: 'varchar', length: 191, nullable: true })
  productTitle: string | null;

  @Column({ name: 'variation_title', type: 'varchar', length: 191, nullable: true })
  variationTitle: string | null;

  @Column({ name: 'activation_limit', type: 'integer', nullable: true })
  activationLimit: number | null;

  @Column({ name: 'activations_count', type: 'integer', nullable: true })
  activationsCount: number | null;

  /** UTC; null when the license is lifetime or the store did not say */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'is_lifetime', type: 'boolean', default: false })
  isLifetime: boolean;

  /** the store's last public status: valid, expired, invalid */
  @Column({ name: 'license_status', type: 'varchar', length: 32, nullable: true })
  licenseStatus: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
