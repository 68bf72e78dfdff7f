import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A released version of a product (variation_id null) or of one of its variations, with its
 * changelog entry. Each line (product, variation) has at most one current version.
 * `variation_key` is variation_id or 0, so that (product, line, version) can be a unique index
 * (a NULL would make every row distinct).
 */
@Entity('product_versions')
export class ProductVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  @Column({ name: 'variation_id', type: 'integer', nullable: true })
  variationId: number | null;

  @Column({ name: 'variation_key', type: 'integer', default: 0 })
  variationKey: number;

  @Column({ type: 'varchar', length: 64 })
  version: string;

  @Column({ name: 'is_current', type: 'boolean', default: false })
  isCurrent: boolean;

  @Column({ type: 'text', nullable: true })
  changelog: string | null;

  @Column({ name: 'release_date', type: 'datetime', precision: 3 })
  releaseDate: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
