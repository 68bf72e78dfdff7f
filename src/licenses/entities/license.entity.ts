import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { LICENSE_STATUSES } from '../../tenants/tenant-settings';

export { LICENSE_STATUSES };
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];
export const LICENSE_TYPES = ['trial', 'subscription', 'lifetime'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

/** A license of one tenant. The key is stored in clear (looked up by equality, shown to vendors). */
@Entity('licenses')
export class License {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'license_key', type: 'varchar', length: 128 })
  licenseKey: string;

  @Column({ name: 'license_status', type: 'varchar', length: 16 })
  status: LicenseStatus;

  @Column({ name: 'license_type', type: 'varchar', length: 16 })
  type: LicenseType;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ name: 'company_name', type: 'varchar', length: 191, default: '' })
  companyName: string;

  @Column({ name: 'max_allowed_domains', type: 'integer', default: 1 })
  maxAllowedDomains: number;

  @Column({ name: 'max_allowed_devices', type: 'integer', default: 1 })
  maxAllowedDevices: number;

  @Column({ name: 'product_ref', type: 'varchar', length: 191 })
  productRef: string;

  @Column({ name: 'item_reference', type: 'varchar', length: 191, default: '' })
  itemReference: string;

  @Column({ name: 'txn_id', type: 'varchar', length: 191, default: '' })
  txnId: string;

  @Column({ name: 'purchase_id_', type: 'varchar', length: 191, default: '' })
  purchaseId: string;

  @Column({ name: 'subscr_id', type: 'varchar', length: 191, default: '' })
  subscrId: string;

  @Column({ name: 'billing_length', type: 'integer', nullable: true })
  billingLength: number | null;

  @Column({ name: 'billing_interval', type: 'varchar', length: 16, nullable: true })
  billingInterval: string | null;

  @Column({ type: 'varchar', length: 64, default: '' })
  until: string;

  @Column({ name: 'current_ver', type: 'varchar', length: 64, default: '' })
  currentVer: string;

  @Column({ name: 'manual_reset_count', type: 'integer', default: 0 })
  manualResetCount: number;

  @Column({ name: 'date_expiry', type: 'datetime', precision: 3, nullable: true })
  dateExpiry: Date | null;

  @Column({ name: 'date_activated', type: 'datetime', precision: 3, nullable: true })
  dateActivated: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
