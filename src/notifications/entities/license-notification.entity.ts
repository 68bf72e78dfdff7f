import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_STATUSES = ['success', 'failed', 'recorded'] as const;
/** `success` sent; `failed` the SMTP server refused or was unreachable; `recorded` no SMTP_URL, so not sent. */
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export type NotificationKind = 'expiry_reminder';

/** One notification e-mail about a license (the MERAF "subscribers" list). */
@Entity('license_notifications')
@Index('idx_license_notifications_tenant_key', ['tenantId', 'licenseKey'])
@Index('uq_license_notifications_once', ['tenantId', 'licenseKey', 'kind', 'licenseExpiry'], { unique: true })
export class LicenseNotification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'license_key', type: 'varchar', length: 191 })
  licenseKey: string;

  @Column({ name: 'sent_to', type: 'varchar', length: 191 })
  sentTo: string;

  @Column({ type: 'varchar', length: 16 })
  status: NotificationStatus;

  /** 'yes' | 'no', as the wire shows it */
  @Column({ type: 'varchar', length: 3 })
  sent: 'yes' | 'no';

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  /** the license's date_expiry the reminder was about: one reminder per license and expiry */
  @Column({ name: 'license_expiry', type: 'datetime', precision: 3 })
  licenseExpiry: Date;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** UTC */
  @Column({ name: 'date_sent', type: 'datetime', precision: 3 })
  dateSent: Date;
}
