import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACTIVATION_TYPES = ['domain', 'device'] as const;
export type ActivationType = (typeof ACTIVATION_TYPES)[number];

/**
 * A domain or device registered on a license. `name` is the normalized name (see normalize.ts).
 * `licenseId` becomes null when the license is deleted with option `license_only`; the row and
 * its `licenseKey` stay as history.
 */
@Entity('license_activations')
export class LicenseActivation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'license_id', type: 'integer', nullable: true })
  licenseId: number | null;

  @Column({ name: 'license_key', type: 'varchar', length: 128 })
  licenseKey: string;

  @Column({ type: 'varchar', length: 8 })
  type: ActivationType;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
