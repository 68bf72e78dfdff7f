import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LEAD_STATUSES = ['active', 'inactive', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * A plugin installation allowed to call the License API v1 (the original's Lead). Its token is a
 * secret: stored as AES-256-GCM ciphertext plus an HMAC blind index, like tenant credentials.
 */
@Entity('fluent_leads')
@Index('idx_fluent_leads_tenant_product', ['tenantId', 'productId'])
@Index('uq_fluent_leads_token_blind_index', ['tokenBlindIndex'], { unique: true })
export class FluentLead {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'integer' })
  tenantId: number;

  @Column({ name: 'product_id', type: 'integer' })
  productId: number;

  @Column({ type: 'varchar', length: 255 })
  domain: string;

  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ type: 'varchar', length: 191, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: LeadStatus;

  @Column({ name: 'token_ciphertext', type: 'varchar', length: 512 })
  tokenCiphertext: string;

  @Column({ name: 'token_blind_index', type: 'varchar', length: 64 })
  tokenBlindIndex: string;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
