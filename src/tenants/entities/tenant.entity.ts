import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type TenantStatus = 'active' | 'suspended';

/** A software vendor account. Its settings are a validated JSON document (see tenant-settings.ts). */
@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100, default: '' })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100, default: '' })
  lastName: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: TenantStatus;

  @Column({ type: 'text', nullable: true })
  settings: string | null;

  /** the tenant's own requests per minute by tier (operator-set; null = the per-IP limit) */
  @Column({ name: 'rate_limit_auth', type: 'integer', nullable: true })
  rateLimitAuth: number | null;

  @Column({ name: 'rate_limit_management', type: 'integer', nullable: true })
  rateLimitManagement: number | null;

  @Column({ name: 'rate_limit_info', type: 'integer', nullable: true })
  rateLimitInfo: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
