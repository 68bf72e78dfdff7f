import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One license operation (created, updated, validated, domain registered, ...) of a tenant. */
@Entity('activity_logs')
@Index('idx_activity_logs_tenant_key_created', ['tenantId', 'licenseKey', 'createdAt'])
@Index('idx_activity_logs_tenant_created', ['tenantId', 'createdAt'])
export class ActivityLog {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'license_key', type: 'varchar', length: 191 })
  licenseKey: string;

  @Column({ name: 'action_type', type: 'varchar', length: 64 })
  actionType: string;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  /** what the tenant's `ipLogging` setting keeps: an HMAC of the IP (default), the IP, or '' */
  @Column({ name: 'ip_address', type: 'varchar', length: 64, default: '' })
  ipAddress: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, default: '' })
  userAgent: string;

  @Column({ name: 'is_valid', type: 'boolean' })
  isValid: boolean;

  /** set when the entry was recorded (not when its batch was written), UTC */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
