import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const VALIDATION_OUTCOMES = ['success', 'error'] as const;
export type ValidationOutcome = (typeof VALIDATION_OUTCOMES)[number];
export const VALIDATION_SOURCES = ['validate', 'routine'] as const;
export type ValidationSource = (typeof VALIDATION_SOURCES)[number];

/** One validation attempt (`/api/license/validate` or the routine `GET /validate`), successful or not. */
@Entity('validation_logs')
@Index('idx_validation_logs_tenant_outcome_created', ['tenantId', 'outcome', 'createdAt'])
@Index('idx_validation_logs_tenant_created', ['tenantId', 'createdAt'])
@Index('idx_validation_logs_tenant_key', ['tenantId', 'licenseKey'])
export class ValidationLog {
  @PrimaryGeneratedColumn()
  id: number;

  /** null when the key matched no license the caller could reach */
  @Column({ name: 'tenant_id', type: 'integer', nullable: true })
  tenantId: number | null;

  @Column({ name: 'license_key', type: 'varchar', length: 191 })
  licenseKey: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: ValidationOutcome;

  @Column({ type: 'varchar', length: 16 })
  source: ValidationSource;

  @Column({ name: 'product_ref', type: 'varchar', length: 191, default: '' })
  productRef: string;

  /** the domain or device checked */
  @Column({ type: 'varchar', length: 255, default: '' })
  target: string;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, default: '' })
  ipAddress: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, default: '' })
  userAgent: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
